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
/// A queue-triggered function, the queue it reads and the app setting naming the storage
/// account (<c>AzureWebJobsStorage</c> unless the attribute names another).
/// </summary>
public sealed record QueueFunction(string Name, Type Class, MethodInfo Method, string QueueName, string Connection);

/// <summary>
/// Finds every <c>[Function]</c> in the function app's assembly, by its trigger. The attributes
/// are the one source of truth for routes, methods, levels, schedules and queues.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>The app setting a trigger's storage connection defaults to, as in the Functions host.</summary>
    public const string DefaultConnection = "AzureWebJobsStorage";

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

    public static IReadOnlyList<QueueFunction> DiscoverQueues(Assembly functionApp)
        => DiscoverQueues(functionApp.GetExportedTypes());

    /// <summary>The queue functions of the given classes only (tests declare their own).</summary>
    public static IReadOnlyList<QueueFunction> DiscoverQueues(IEnumerable<Type> classes)
        => [.. Functions(classes).Select(found => found.Trigger is QueueTriggerAttribute trigger
                ? new QueueFunction(
                    found.Function.Name,
                    found.Class,
                    found.Method,
                    trigger.QueueName,
                    string.IsNullOrEmpty(trigger.Connection) ? DefaultConnection : trigger.Connection)
                : null)
            .OfType<QueueFunction>()];

    private static IEnumerable<(FunctionAttribute Function, Type Class, MethodInfo Method, Attribute Trigger)> Functions(Assembly functionApp)
        => Functions(functionApp.GetExportedTypes());

    private static IEnumerable<(FunctionAttribute Function, Type Class, MethodInfo Method, Attribute Trigger)> Functions(IEnumerable<Type> classes)
    {
        foreach (var type in classes)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                var trigger = method.GetParameters()
                    .Select(parameter => (Attribute?)parameter.GetCustomAttribute<HttpTriggerAttribute>()
                        ?? (Attribute?)parameter.GetCustomAttribute<TimerTriggerAttribute>()
                        ?? parameter.GetCustomAttribute<QueueTriggerAttribute>())
                    .SingleOrDefault(attribute => attribute is not null)
                    ?? throw new NotSupportedException($"Function {function.Name} has no HTTP, timer or queue trigger; the local host runs those only.");
                yield return (function, type, method, trigger);
            }
        }
    }
}
