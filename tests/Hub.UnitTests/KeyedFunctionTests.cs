using Hub.LocalHost.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.UnitTests;

/// <summary>
/// A function key's name never reaches the isolated worker, so the hub never rests on keys: the
/// local host refuses a function above Anonymous instead of pretending to know who called.
/// </summary>
public sealed class KeyedFunctionTests
{
    [Fact]
    public void A_function_behind_a_function_key_is_refused_at_start()
    {
        var keyed = FunctionCatalog.Discover(typeof(KeyedFunctionTests).Assembly).Single(function => function.Name == nameof(KeyedFunction.Keyed));

        var refusal = Assert.Throws<NotSupportedException>(() => new FunctionInvoker(keyed));

        Assert.Contains("Anonymous", refusal.Message, StringComparison.Ordinal);
    }
}

public sealed class KeyedFunction
{
    [Function(nameof(Keyed))]
    public static IResult Keyed([HttpTrigger(AuthorizationLevel.Function, "get", Route = "keyed")] HttpRequest request) => Results.Ok();
}
