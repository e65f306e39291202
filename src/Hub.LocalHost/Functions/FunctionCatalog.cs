using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Hub.LocalHost.Functions;

/// <summary>An HTTP-triggered function as its own attributes declare it.</summary>
public sealed record HttpFunction(
    string Name,
    Type Class,
    MethodInfo Method,
    string Route,
    IReadOnlyList<string> HttpMethods,
    AuthorizationLevel AuthLevel);

/// <summary>
/// Finds every <c>[Function]</c> with an <c>[HttpTrigger]</c> in the function app's assembly.
/// The attributes are the one source of truth for routes, methods and authorization levels.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<HttpFunction> Discover(Assembly functionApp)
    {
        var functions = new List<HttpFunction>();
        foreach (var type in functionApp.GetExportedTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                var trigger = method.GetParameters()
                    .Select(parameter => parameter.GetCustomAttribute<HttpTriggerAttribute>())
                    .SingleOrDefault(attribute => attribute is not null)
                    ?? throw new NotSupportedException($"Function {function.Name} has no HTTP trigger; the local host runs HTTP functions only.");

                functions.Add(new HttpFunction(
                    function.Name,
                    type,
                    method,
                    trigger.Route ?? function.Name,
                    trigger.Methods?.Select(m => m.ToUpperInvariant()).ToArray() ?? ["GET", "POST"],
                    trigger.AuthLevel));
            }
        }

        return functions;
    }
}
