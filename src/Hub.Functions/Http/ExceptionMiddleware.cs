using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Http;

/// <summary>
/// In Azure: an exception no function handled becomes a complete problem+json answer (500, or
/// 503 when storage is down), logged at Error with the invocation id, and is then thrown on, so
/// the invocation is reported as failed and counts in the failure rate. (The local host writes
/// the same answer through <see cref="ExceptionProblems"/>.)
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
            await ExceptionProblems.WriteAsync(httpContext, exception, logger, context.InvocationId);
            throw;
        }
    }
}
