using System.Globalization;
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
            .Where(function => function.GetProperty("bindings")[0].GetProperty("type").GetString() == "httpTrigger")
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

/// <summary>The timer functions the local host runs, on the schedules Azure reads.</summary>
public sealed class TimerFunctionTests
{
    [Theory]
    [InlineData("CheckSiteVersion", "2026-11-29T10:10:00Z")]
    [InlineData("CheckModeration", "2026-11-29T10:15:00Z")]
    [InlineData("KeepHouse", "2026-11-29T10:45:00Z")]
    [InlineData("DeliverNotifications", "2026-11-29T10:08:00Z")]
    public void Each_repair_runs_on_its_schedule_in_azure_and_on_the_local_host(string name, string next)
    {
        var repair = Assert.Single(FunctionCatalog.DiscoverTimers(typeof(HubServices).Assembly), timer => timer.Name == name);

        Assert.Equal(DateTime.Parse(next, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), TimerRunner.NextRun(repair, new DateTime(2026, 11, 29, 10, 7, 30, DateTimeKind.Utc)));

        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var binding = metadata.RootElement.EnumerateArray().Single(function => function.GetProperty("name").GetString() == name).GetProperty("bindings")[0];
        Assert.Equal("timerTrigger", binding.GetProperty("type").GetString());
        Assert.Equal(repair.Schedule, binding.GetProperty("schedule").GetString());
    }
}
