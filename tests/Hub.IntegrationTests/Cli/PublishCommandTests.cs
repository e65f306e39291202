using System.Net;
using Hub.Cli;
using Hub.LocalHost.Content;
using Hub.Testing;
using Microsoft.Extensions.Configuration;

namespace Hub.IntegrationTests.Cli;

/// <summary><c>hub publish</c> rebuilds every page from the tables, and a second run changes nothing.</summary>
public sealed class PublishCommandTests(HubServer hub) : IClassFixture<HubServer>
{
    private IConfiguration Storage => hub.StorageSettings;

    private async Task<(int ExitCode, string Output)> PublishAsync(DirectoryInfo? root)
    {
        using var output = new StringWriter();
        // As `hub publish --public-url … --api-url …` gives them: the run's Hub:Site settings.
        var settings = new ConfigurationBuilder()
            .AddConfiguration(Storage)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hub:Site:PublicUrl"] = hub.SiteAddress.GetLeftPart(UriPartial.Authority),
                ["Hub:Site:ApiUrl"] = hub.BaseAddress.GetLeftPart(UriPartial.Authority),
            })
            .Build();
        await using var services = CliServices.Build(settings);
        var exitCode = await PublishCommand.RunAsync(root, services, output, TextWriter.Null, CancellationToken.None);
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task Publish_restores_a_page_that_was_lost_and_a_second_run_writes_nothing()
    {
        using var maintainer = hub.Maintainer();
        var (entry, _) = await maintainer.NewEntryAsync();
        var container = new Azure.Storage.Blobs.BlobContainerClient(hub.Storage.ConnectionString, "$web");
        await container.DeleteBlobAsync($"entries/{entry}/index.html");
        using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());
        Assert.Equal(HttpStatusCode.NotFound, (await site.GetAsync($"/entries/{entry}/")).StatusCode);

        var first = await PublishAsync(new DirectoryInfo(Path.Combine(RepositoryLayout.FindRoot(), "static-web")));
        var second = await PublishAsync(new DirectoryInfo(Path.Combine(RepositoryLayout.FindRoot(), "static-web")));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(HttpStatusCode.OK, (await site.GetAsync($"/entries/{entry}/")).StatusCode);
        Assert.Contains( // the addresses the run was given
            $"<link rel=\"canonical\" href=\"{hub.SiteAddress.GetLeftPart(UriPartial.Authority)}/entries/{entry}/\"",
            await site.GetStringAsync($"/entries/{entry}/"),
            StringComparison.Ordinal);
        Assert.Contains(" 0 files written", second.Output, StringComparison.Ordinal);
    }
}
