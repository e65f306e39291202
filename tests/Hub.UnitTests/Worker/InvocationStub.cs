using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Hub.UnitTests.Worker;

/// <summary>
/// One function invocation as the worker's ASP.NET Core integration presents it to middleware:
/// an id, and the request's HttpContext under the item key the integration uses.
/// </summary>
internal sealed class InvocationStub(string invocationId, HttpContext http) : FunctionContext
{
    public override string InvocationId => invocationId;
    public override string FunctionId => "function-id";
    public override TraceContext TraceContext => null!;
    public override BindingContext BindingContext => null!;
    public override RetryContext RetryContext => null!;
    public override IServiceProvider InstanceServices { get; set; } = null!;
    public override FunctionDefinition FunctionDefinition => null!;
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object> { ["HttpRequestContext"] = http };
    public override IInvocationFeatures Features => null!;
}
