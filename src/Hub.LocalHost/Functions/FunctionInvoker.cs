using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;

namespace Hub.LocalHost.Functions;

/// <summary>
/// Calls one function the way the isolated worker would: a new instance from DI per call, the
/// HttpRequest for the trigger, route values by parameter name, and the returned IResult or
/// IActionResult executed against the response.
/// </summary>
public sealed class FunctionInvoker
{
    private readonly HttpFunction _function;
    private readonly Func<HttpContext, object?>[] _arguments;

    public FunctionInvoker(HttpFunction function)
    {
        _function = function;
        if (function.AuthLevel != AuthorizationLevel.Anonymous)
        {
            // A function key's name never reaches the isolated worker, so the hub does not rest on
            // keys: every route is Anonymous at the host and the function checks who is calling.
            throw new NotSupportedException(
                $"The local host cannot call {function.Name}: its level is {function.AuthLevel}. The hub's functions are Anonymous at the host; manage routes sign moderators in with ModeratorSignIn.");
        }

        _arguments = function.Method.GetParameters().Select(parameter => BindingFor(function, parameter)).ToArray();
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var instance = _function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(context.RequestServices, _function.Class);
        try
        {
            var arguments = Array.ConvertAll(_arguments, bind => bind(context));
            var result = await UnwrapAsync(_function.Method.Invoke(instance, arguments));
            switch (result)
            {
                case IResult httpResult:
                    await httpResult.ExecuteAsync(context);
                    break;
                case IActionResult actionResult:
                    await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                    break;
                case null:
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    break;
                default:
                    throw new NotSupportedException($"Function {_function.Name} returned {result.GetType()}; return IResult or IActionResult.");
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

    private static async Task<object?> UnwrapAsync(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task;
                var type = task.GetType();
                return type.IsGenericType ? type.GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                return returned?.GetType() is { IsGenericType: true } valueTaskType && valueTaskType.GetGenericTypeDefinition() == typeof(ValueTask<>)
                    ? await UnwrapAsync(valueTaskType.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(returned, null))
                    : returned;
        }
    }

    /// <summary>What the local host can supply to a parameter; anything else is refused at start-up.</summary>
    private static Func<HttpContext, object?> BindingFor(HttpFunction function, ParameterInfo parameter)
    {
        if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is not null)
        {
            return parameter.ParameterType == typeof(HttpRequest)
                ? context => context.Request
                : throw Unsupported(function, parameter, "the trigger must be an HttpRequest");
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context => context.RequestAborted;
        }

        if (parameter.ParameterType == typeof(FunctionContext))
        {
            throw Unsupported(function, parameter, "use constructor injection and HttpRequest.HttpContext instead of FunctionContext");
        }

        var name = parameter.Name!;
        if (!function.Route.Contains('{' + name, StringComparison.Ordinal) && !function.Route.Contains("{*" + name, StringComparison.Ordinal))
        {
            throw Unsupported(function, parameter, "only route parameters, the HttpRequest and a CancellationToken are supported");
        }

        var converter = TypeDescriptor.GetConverter(parameter.ParameterType);
        return context => context.Request.RouteValues.TryGetValue(name, out var value) && value is not null
            ? converter.ConvertFrom(null, CultureInfo.InvariantCulture, value.ToString()!)
            : parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType) : null;
    }

    private static NotSupportedException Unsupported(HttpFunction function, ParameterInfo parameter, string rule)
        => new($"The local host cannot call {function.Name}: parameter '{parameter.Name}' ({parameter.ParameterType.Name}): {rule}.");
}
