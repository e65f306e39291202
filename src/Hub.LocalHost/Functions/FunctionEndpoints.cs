using Hub.Functions.Http;

namespace Hub.LocalHost.Functions;

public static class FunctionEndpoints
{
    /// <summary>
    /// Maps each HTTP function to its route under the host.json prefix. Like the Functions host, a
    /// request no function takes (another path, or a method the function does not accept) gets an
    /// empty 404.
    /// </summary>
    public static IReadOnlyList<HttpFunction> MapFunctions(this WebApplication app, IReadOnlyList<HttpFunction> functions, string routePrefix)
    {
        foreach (var function in functions)
        {
            var invoker = new FunctionInvoker(function);
            var pattern = string.IsNullOrEmpty(routePrefix) ? function.Route : $"{routePrefix}/{function.Route}";
            app.MapMethods(pattern, function.HttpMethods, context => InvokeAsync(invoker, context)).WithDisplayName(function.Name);
        }

        app.Map("{**path}", context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return functions;
    }

    /// <summary>
    /// The worker's deadline and exception middleware, as they answer in Azure (there the
    /// invocation is then reported failed).
    /// </summary>
    private static async Task InvokeAsync(FunctionInvoker invoker, HttpContext context)
    {
        using var deadline = RequestDeadline.Start(context);
        try
        {
            await invoker.InvokeAsync(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !deadline.ClientLeft)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Hub.LocalHost.Functions");
            await ExceptionProblems.WriteAsync(context, exception, logger, context.TraceIdentifier);
        }
    }
}
