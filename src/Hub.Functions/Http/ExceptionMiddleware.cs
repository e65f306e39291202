using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Http;

/// <summary>
/// In Azure: an exception no function handled becomes a complete problem+json answer (500, or
/// 503 when storage is down, or a 4xx when it was the client's request body), logged with the
/// invocation id. A 5xx is then thrown on, so the invocation is reported as failed and counts in
/// the failure rate; a 4xx is the client's, and the invocation did its job. (The local host runs
/// this same middleware, see <see cref="ExceptionProblems"/>.)
/// </summary>
public sealed class ExceptionMiddleware(ILogger<ExceptionMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { Response.HasStarted: false } httpContext)
        {
            var failure = await ExceptionProblems.WriteAsync(httpContext, exception, logger, context.InvocationId);
            if (!failure.IsClients)
            {
                throw;
            }
        }
    }
}
