using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Hub.LocalHost.Functions;

/// <summary>
/// Calls one queue-triggered function the way the isolated worker would: a new instance from DI
/// per message (in a scope of its own), the message's text for the trigger and the invocation's
/// cancellation token. What else the worker could bind is refused when the host starts, so a
/// function the local host cannot call is found before any message is taken.
/// </summary>
public sealed class QueueInvoker
{
    private readonly QueueFunction _function;
    private readonly Func<string, CancellationToken, object?>[] _arguments;

    public QueueInvoker(QueueFunction function)
    {
        _function = function;
        if (!string.Equals(function.Connection, FunctionCatalog.DefaultConnection, StringComparison.Ordinal))
        {
            throw new NotSupportedException(
                $"The local host cannot run {function.Name}: its trigger reads the storage account named by '{function.Connection}'; the hub keeps one storage account, {FunctionCatalog.DefaultConnection}, so leave Connection unset.");
        }

        if (function.Method.ReturnType != typeof(Task) && function.Method.ReturnType != typeof(void) && function.Method.ReturnType != typeof(ValueTask))
        {
            throw new NotSupportedException(
                $"The local host cannot run {function.Name}: it returns {function.Method.ReturnType.Name}; a queue function here returns Task, ValueTask or nothing (output bindings are not supported).");
        }

        _arguments = [.. function.Method.GetParameters().Select(parameter => BindingFor(function, parameter))];
    }

    public QueueFunction Function => _function;

    public async Task InvokeAsync(IServiceProvider services, string message, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = _function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, _function.Class);
        try
        {
            var arguments = Array.ConvertAll(_arguments, bind => bind(message, cancellationToken));
            object? returned;
            try
            {
                returned = _function.Method.Invoke(instance, arguments);
            }
            catch (TargetInvocationException invocation) when (invocation.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(invocation.InnerException);
                throw;
            }

            switch (returned)
            {
                case Task task: await task; break;
                case ValueTask valueTask: await valueTask; break;
            }
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
                case IDisposable disposable: disposable.Dispose(); break;
            }
        }
    }

    /// <summary>What the local host can supply to a parameter; anything else is refused at start-up.</summary>
    private static Func<string, CancellationToken, object?> BindingFor(QueueFunction function, ParameterInfo parameter)
    {
        if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is not null)
        {
            return parameter.ParameterType == typeof(string)
                ? (message, _) => message
                : throw Unsupported(function, parameter, "the trigger must be a string (the message's text; parse the JSON in the function)");
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return (_, cancellationToken) => cancellationToken;
        }

        if (parameter.ParameterType == typeof(FunctionContext))
        {
            throw Unsupported(function, parameter, "use constructor injection instead of FunctionContext");
        }

        throw Unsupported(function, parameter, "only the string message and a CancellationToken are supported (trigger metadata such as DequeueCount is not bound)");
    }

    private static NotSupportedException Unsupported(QueueFunction function, ParameterInfo parameter, string rule)
        => new($"The local host cannot run {function.Name}: parameter '{parameter.Name}' ({parameter.ParameterType.Name}): {rule}.");
}
