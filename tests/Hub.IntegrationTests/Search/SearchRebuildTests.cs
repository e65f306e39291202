using Azure.Storage.Blobs;
using Hub.Cli;
using Hub.Core.Search;
using Hub.IntegrationTests.Hosting;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.IntegrationTests.Search;

/// <summary>The index is derived state: made again from the Resources table, it answers as the one the follow-ups kept.</summary>
public sealed class SearchRebuildTests(SampleContentServer hub) : IClassFixture<SampleContentServer>
{
    private static readonly string[] Queries = ["amazon ice", "\"gender shades\"", "recognizing", "cloud -amazon", "contract*"];

    [Fact]
    public async Task Hub_search_rebuild_makes_the_same_index_from_the_table_and_a_new_instance_loads_it()
    {
        using var reader = hub.Reader();
        var kept = await AnswersAsync(reader);

        // The snapshot lost: the rebuild makes it from the entries alone.
        var blobs = hub.Services.GetRequiredService<BlobServiceClient>();
        await blobs.GetBlobContainerClient(SearchSnapshots.ContainerName).DeleteBlobIfExistsAsync(SearchSnapshots.BlobName);
        using var output = new StringWriter();
        Assert.Equal(0, await SearchCommand.RebuildAsync(CliServices.Build(hub.StorageSettings), output, CancellationToken.None));
        Assert.Contains("Rebuilt the search index: 6 entries", output.ToString(), StringComparison.Ordinal);

        await using var other = await HubServer.StartHostAsync(hub.Storage.ConnectionString, "");
        using var otherReader = Clients.From(other.ApiAddress, Clients.NewAddress());
        Assert.Equal(kept, await AnswersAsync(otherReader));
    }

    private static async Task<List<string>> AnswersAsync(HttpClient reader)
    {
        var answers = new List<string>();
        foreach (var query in Queries)
        {
            var items = (await reader.GetJsonAsync("/api/resources?q=" + Uri.EscapeDataString(query)))["items"]!.AsArray();
            answers.Add(query + ": " + string.Join(", ", items.Select(item => $"{item!["id"]} [{item["snippet"]}]")));
        }

        return answers;
    }
}
