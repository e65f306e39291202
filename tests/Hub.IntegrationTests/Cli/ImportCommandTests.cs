using Hub.Cli;
using Hub.IntegrationTests.Storage;
using Hub.Testing;
using Microsoft.Extensions.Configuration;

namespace Hub.IntegrationTests.Cli;

public sealed class ImportCommandTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    private IConfiguration Storage => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = emulator.Azurite.ConnectionString })
        .Build();

    private async Task<(int ExitCode, string Output, string Errors)> ImportAsync(string json)
    {
        await File.WriteAllTextAsync(_file, json);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await ImportCommand.RunAsync(new FileInfo(_file), json: false, CliServices.Build(Storage), output, errors, CancellationToken.None);
        return (exitCode, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task A_valid_file_creates_then_replaces_its_entries()
    {
        var category = Entries.NewCategory();
        var json = $$"""
            [
              { "id": "one-{{category}}", "title": "One", "summary": "First.", "publishedOn": "2020-01-01", "category": "{{category}}" },
              { "id": "two-{{category}}", "title": "Two", "summary": "Second.", "category": "{{category}}", "tags": ["x"], "body": "The *second*, with [its source](https://example.org/two)." }
            ]
            """;

        var first = await ImportAsync(json);
        var second = await ImportAsync(json);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("2 created, 0 replaced", first.Output, StringComparison.Ordinal);
        Assert.Contains("0 created, 2 replaced", second.Output, StringComparison.Ordinal);
        var entries = await emulator.NewRepository().ListAsync(new Hub.Core.Entries.EntryQuery(Category: category), CancellationToken.None);
        Assert.Equal([$"one-{category}", $"two-{category}"], entries.Items.Select(entry => entry.Id));
        var two = await emulator.NewRepository().GetAsync($"two-{category}", CancellationToken.None);
        Assert.Equal("The *second*, with [its source](https://example.org/two).", two!.Entry.Body);
    }

    [Fact]
    public async Task A_file_with_one_bad_entry_changes_nothing_and_says_which()
    {
        var category = Entries.NewCategory();
        var json = $$"""
            [
              { "id": "good-{{category}}", "title": "Good", "summary": "Fine.", "category": "{{category}}" },
              { "id": "Bad/Id", "title": "", "summary": "Broken.", "category": "{{category}}" }
            ]
            """;

        var result = await ImportAsync(json);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[1].id", result.Errors, StringComparison.Ordinal);
        Assert.Contains("[1].title", result.Errors, StringComparison.Ordinal);
        var entries = await emulator.NewRepository().ListAsync(new Hub.Core.Entries.EntryQuery(Category: category), CancellationToken.None);
        Assert.Empty(entries.Items);
    }

    [Fact]
    public async Task A_file_that_is_not_json_is_refused()
    {
        var result = await ImportAsync("not json");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("file", result.Errors, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_file);
}
