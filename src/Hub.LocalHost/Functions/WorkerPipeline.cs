using Hub.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Hub.LocalHost.Functions;

/// <summary>
/// The isolated worker's middleware as the local host runs it. <see cref="HubWorker.UseHubWorker"/>
/// registers into this exactly as into Azure's worker (the same <c>UseMiddleware</c> calls, the
/// same services), and every HTTP function call goes through what it registered, in the same
/// order, with the function itself innermost (where the worker's own execution middleware is).
/// </summary>
public sealed class WorkerPipeline(IServiceCollection services) : IFunctionsWorkerApplicationBuilder
{
    /// <summary>The item key under which the worker's ASP.NET Core integration puts the request (what <c>GetHttpContext()</c> reads).</summary>
    public const string HttpContextKey = "HttpRequestContext";

    private readonly List<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> _middleware = [];

    public IServiceCollection Services { get; } = services;

    /// <summary>How many middleware were registered (a test compares it with Azure's worker).</summary>
    public int Count => _middleware.Count;

    public IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware)
    {
        _middleware.Add(middleware);
        return this;
    }

    /// <summary>Calls <paramref name="function"/> inside the registered middleware, the first registered outermost.</summary>
    public Task InvokeAsync(HttpContext http, string functionName, Func<HttpContext, Task> function)
    {
        FunctionExecutionDelegate pipeline = context => function(http);
        for (var i = _middleware.Count - 1; i >= 0; i--)
        {
            pipeline = _middleware[i](pipeline);
        }

        return pipeline(new LocalInvocation(functionName, http));
    }

    /// <summary>
    /// One invocation as the worker presents it to middleware: an id, the function's name, the
    /// request's services, and the HttpContext under the integration's key. What the local host
    /// cannot supply (bindings, the function's definition, trace and retry context) is absent, so
    /// a middleware that needs it fails here at its first request rather than only in Azure.
    /// </summary>
    private sealed class LocalInvocation(string functionName, HttpContext http) : FunctionContext
    {
        public override string InvocationId { get; } = http.TraceIdentifier;

        public override string FunctionId => functionName;

        public override TraceContext TraceContext => throw Missing(nameof(TraceContext));

        public override BindingContext BindingContext => throw Missing(nameof(BindingContext));

        public override RetryContext RetryContext => throw Missing(nameof(RetryContext));

        public override IServiceProvider InstanceServices { get; set; } = http.RequestServices;

        public override FunctionDefinition FunctionDefinition => throw Missing(nameof(FunctionDefinition));

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object> { [HttpContextKey] = http };

        public override IInvocationFeatures Features => throw Missing(nameof(Features));

        public override CancellationToken CancellationToken => http.RequestAborted;

        private static NotSupportedException Missing(string member)
            => new($"The local host does not supply FunctionContext.{member} to the worker's middleware; keep middleware to the HttpContext (GetHttpContext()) and InvocationId.");
    }
}
