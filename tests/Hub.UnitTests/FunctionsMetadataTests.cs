using System.Text.Json;
using Hub.Functions;
using Hub.LocalHost.Functions;

namespace Hub.UnitTests;

/// <summary>The Worker SDK's generated functions.metadata (what Azure indexes) agrees with the attributes.</summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void Functions_metadata_lists_every_function_with_its_route_and_level()
    {
        // The Worker SDK writes it beside the function app's build output, which flows into this project's.
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        using var metadata = JsonDocument.Parse(File.ReadAllText(path));
        var generated = metadata.RootElement.EnumerateArray()
            .Select(function => (
                Name: function.GetProperty("name").GetString(),
                Route: function.GetProperty("bindings")[0].GetProperty("route").GetString(),
                Level: function.GetProperty("bindings")[0].GetProperty("authLevel").GetString()))
            .OrderBy(function => function.Name, StringComparer.Ordinal);

        var declared = FunctionCatalog.Discover(typeof(HubServices).Assembly)
            .Select(function => ((string?)function.Name, (string?)function.Route, (string?)function.AuthLevel.ToString()))
            .OrderBy(function => function.Item1, StringComparer.Ordinal);

        Assert.Equal(declared, generated);
    }
}
