using Hub.Functions.Http;
using Hub.LocalHost.Security;
using Microsoft.Azure.Functions.Worker;

namespace Hub.LocalHost.Functions;

public static class FunctionEndpoints
{
    /// <summary>Maps each HTTP function to its route under the host.json prefix, behind its authorization level.</summary>
    public static IReadOnlyList<HttpFunction> MapFunctions(this WebApplication app, IReadOnlyList<HttpFunction> functions, string routePrefix)
    {
        var manageKey = app.Services.GetRequiredService<ManageKey>();
        foreach (var function in functions)
        {
            var invoker = new FunctionInvoker(function);
            var pattern = string.IsNullOrEmpty(routePrefix) ? function.Route : $"{routePrefix}/{function.Route}";
            var needsKey = function.AuthLevel != AuthorizationLevel.Anonymous;
            app.MapMethods(pattern, function.HttpMethods, context =>
                {
                    if (!needsKey)
                    {
                        return invoker.InvokeAsync(context);
                    }

                    if (!manageKey.Allows(context.Request))
                    {
                        return Problems.Unauthorized().ExecuteAsync(context);
                    }

                    context.User = manageKey.Principal;
                    return invoker.InvokeAsync(context);
                })
                .WithDisplayName(function.Name);
        }

        // Anything else under the prefix is an API path that does not exist.
        app.Map(string.IsNullOrEmpty(routePrefix) ? "{**path}" : routePrefix + "/{**path}", context =>
            Problems.NotFound($"No API route matches {context.Request.Method} {context.Request.Path}.").ExecuteAsync(context));
        return functions;
    }
}
