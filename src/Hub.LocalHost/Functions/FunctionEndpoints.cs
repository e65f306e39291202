using Hub.Functions.Http;
using Hub.LocalHost.Platform;

namespace Hub.LocalHost.Functions;

public static partial class FunctionEndpoints
{
    /// <summary>
    /// Maps each HTTP function to its route under the host.json prefix. Like the Functions host, a
    /// request no function takes (another path, or a method the function does not accept) gets an
    /// empty 404.
    /// </summary>
    public static IReadOnlyList<HttpFunction> MapFunctions(this WebApplication app, IReadOnlyList<HttpFunction> functions, string routePrefix)
    {
        var worker = app.Services.GetRequiredService<WorkerPipeline>();
        foreach (var function in functions)
        {
            var invoker = new FunctionInvoker(function);
            var pattern = string.IsNullOrEmpty(routePrefix) ? function.Route : $"{routePrefix}/{function.Route}";
            app.MapMethods(pattern, function.HttpMethods, context => InvokeAsync(function.Name, invoker, worker, context)).WithDisplayName(function.Name);
        }

        app.Map("{**path}", context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return functions;
    }

    /// <summary>
    /// The host's trigger binding, which reads a Content-Length body whole first (<see cref="TriggerBody"/>),
    /// its forwarding to the worker (<see cref="WorkerForwarding"/>: a chunked body streams on), then the worker's own middleware (<see cref="WorkerPipeline"/>: the deadline, and the
    /// exception middleware that answers as in Azure and throws on, as there the invocation is then
    /// reported failed) around the function.
    /// </summary>
    private static async Task InvokeAsync(string name, FunctionInvoker invoker, WorkerPipeline worker, HttpContext context)
    {
        if (!await TriggerBody.TryReadAsync(context.Request, context.RequestAborted))
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                LogUnreadableBody(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Host.Function"), name, context.TraceIdentifier);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }

            return;
        }

        try
        {
            await WorkerForwarding.ForwardAsync(context, name, () => worker.InvokeAsync(context, name, invoker.InvokeAsync));
        }
        catch (Exception exception) when (context.Response.HasStarted || RequestDeadline.Of(context) is { ClientLeft: true })
        {
            // Answered by the worker's exception middleware (or nobody is left to answer): the host reports the invocation failed.
            LogFailed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Host.Function"), name, context.TraceIdentifier, exception);
        }
        catch (Exception exception)
        {
            // Not answered by the worker's middleware: the host's own 500, as a problem like every other.
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Hub.LocalHost.Functions");
            await ExceptionProblems.WriteAsync(context, exception, logger, context.TraceIdentifier);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId})")]
    private static partial void LogFailed(ILogger logger, string functionName, string invocationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}): the request body could not be read, so the function was not called")]
    private static partial void LogUnreadableBody(ILogger logger, string functionName, string invocationId);
}
