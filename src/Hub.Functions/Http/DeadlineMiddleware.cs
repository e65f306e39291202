using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Hub.Functions.Http;

/// <summary>In Azure: gives every HTTP invocation its <see cref="RequestDeadline"/>.</summary>
public sealed class DeadlineMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } httpContext)
        {
            await next(context);
            return;
        }

        using var deadline = RequestDeadline.Start(httpContext, context.InvocationId);
        await next(context);
    }
}
