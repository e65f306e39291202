using Hub.LocalHost.Content;
using Hub.Testing;

namespace Hub.IntegrationTests.Hosting;

/// <summary>The local host as the README's run command starts it: with the sample entries.</summary>
public sealed class SampleContentServer : HubServer
{
    public static string SampleFile => Path.Combine(RepositoryLayout.FindRoot(), "samples", "resources.json");

    protected override string SampleContent => SampleFile;
}

public sealed class SampleContentTests(SampleContentServer hub) : IClassFixture<SampleContentServer>
{
    private const int SampleCount = 6;

    [Fact]
    public async Task The_first_run_loads_the_sample_entries_and_two_at_a_time_paging_returns_each_once()
    {
        using var reader = hub.Reader();

        var ids = await reader.ListAllIdsAsync("limit=2");

        Assert.Equal(SampleCount, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("amazon-rekognition", ids);
        var rekognition = await reader.GetJsonAsync("/api/resources/amazon-rekognition");
        Assert.True((bool)rekognition["featured"]!);
    }

    [Fact]
    public async Task A_later_run_on_storage_that_holds_entries_does_not_load_them_again()
    {
        await using var second = await HubServer.StartHostAsync(hub.Storage.ConnectionString, SampleContentServer.SampleFile);
        using var reader = hub.Reader();

        var ids = await reader.ListAllIdsAsync("limit=100");

        Assert.Equal(SampleCount, ids.Count);
    }
}
