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

/// <summary>A timer-triggered function and its schedule (six-field CRON, seconds first).</summary>
public sealed record TimerFunction(string Name, Type Class, MethodInfo Method, string Schedule);

/// <summary>
/// Finds every <c>[Function]</c> in the function app's assembly, by its trigger. The attributes
/// are the one source of truth for routes, methods, levels and schedules.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<HttpFunction> Discover(Assembly functionApp)
        => [.. Functions(functionApp).Select(found => found.Trigger is HttpTriggerAttribute trigger
                ? new HttpFunction(
                    found.Function.Name,
                    found.Class,
                    found.Method,
                    trigger.Route ?? found.Function.Name,
                    trigger.Methods?.Select(m => m.ToUpperInvariant()).ToArray() ?? ["GET", "POST"],
                    trigger.AuthLevel)
                : null)
            .OfType<HttpFunction>()];

    public static IReadOnlyList<TimerFunction> DiscoverTimers(Assembly functionApp)
        => [.. Functions(functionApp).Select(found => found.Trigger is TimerTriggerAttribute trigger
                ? new TimerFunction(found.Function.Name, found.Class, found.Method, trigger.Schedule)
                : null)
            .OfType<TimerFunction>()];

    private static IEnumerable<(FunctionAttribute Function, Type Class, MethodInfo Method, Attribute Trigger)> Functions(Assembly functionApp)
    {
        foreach (var type in functionApp.GetExportedTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                var trigger = method.GetParameters()
                    .Select(parameter => (Attribute?)parameter.GetCustomAttribute<HttpTriggerAttribute>() ?? parameter.GetCustomAttribute<TimerTriggerAttribute>())
                    .SingleOrDefault(attribute => attribute is not null)
                    ?? throw new NotSupportedException($"Function {function.Name} has neither an HTTP nor a timer trigger; the local host runs those only.");
                yield return (function, type, method, trigger);
            }
        }
    }
}
