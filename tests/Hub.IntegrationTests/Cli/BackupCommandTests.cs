using Hub.Cli;
using Hub.Core;
using Hub.Core.Comments;
using Hub.IntegrationTests.Storage;
using Hub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.IntegrationTests.Cli;

/// <summary><c>hub export</c> and <c>hub restore</c>: export, restore into empty storage, export again gives the same file.</summary>
public sealed class BackupCommandTests(HubServer hub, EmulatorFixture empty) : IClassFixture<HubServer>, IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string _first = Path.Combine(Path.GetTempPath(), $"hub-export-{Guid.NewGuid():N}.json");
    private readonly string _second = Path.Combine(Path.GetTempPath(), $"hub-export-{Guid.NewGuid():N}.json");

    private IConfiguration Target => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = empty.Azurite.ConnectionString })
        .Build();

    [Fact]
    public async Task Export_restore_into_empty_storage_and_export_again_gives_the_same_file()
    {
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();
        (await maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0, maxThreadDepth = 4 })).EnsureSuccessStatusCode();
        var (entry, category) = await maintainer.NewEntryAsync();
        var draft = Entries.Draft(category, "An entry to discuss");
        draft["body"] = "A body in **Markdown**, with [a link](https://example.org/).";
        await maintainer.PutOkAsync(entry, draft);
        var ids = new List<string>();
        foreach (var content in new[] { "Kept public.", "Kept waiting.", "Spam, kept.", "Binned, kept.", "Ünïcødé ✓ <b>text</b>" })
        {
            ids.Add((string)(await reader.PostCommentOkAsync(entry, Discussion.Comment(content, email: $"b-{Guid.NewGuid():N}@example.org")))["id"]!);
        }

        await maintainer.ModerateAsync(entry, ids[0], "pending", "approved");
        await maintainer.ModerateAsync(entry, ids[2], "pending", "spam");
        await maintainer.ModerateAsync(entry, ids[3], "pending", "trash");
        await maintainer.ModerateAsync(entry, ids[4], "pending", "approved");
        var reply = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment("A reply.", parentId: ids[0])))["id"]!;

        var exported = await RunAsync(output => BackupCommands.ExportAsync(new FileInfo(_first), CliServices.Build(hub.StorageSettings), output, output, CancellationToken.None));
        Assert.Equal(0, exported.ExitCode);
        var restored = await RunAsync(output => BackupCommands.RestoreAsync(new FileInfo(_first), force: false, CliServices.Build(Target), output, output, CancellationToken.None));
        Assert.True(restored.ExitCode == 0, restored.Output);
        Assert.Contains("without secrets", restored.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync(output => BackupCommands.ExportAsync(new FileInfo(_second), CliServices.Build(Target), output, output, CancellationToken.None))).ExitCode);

        Assert.Equal(await File.ReadAllBytesAsync(_first), await File.ReadAllBytesAsync(_second));
        var text = await File.ReadAllTextAsync(_first);
        Assert.Contains(reply, text, StringComparison.Ordinal);
        Assert.Contains("\"maxThreadDepth\": 4", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SecretHash", text, StringComparison.OrdinalIgnoreCase);

        // What is derived came back too: the queue, its counts, the entry's comment count.
        await using var services = new ServiceCollection().AddLogging().AddHubCore(Target).BuildServiceProvider();
        var moderation = services.GetRequiredService<Moderation>();
        Assert.Contains(ids[1], (await moderation.ListAsync(CommentStatus.Pending, null, 100, CancellationToken.None)).Items.Select(comment => comment.Id));
        Assert.Contains(ids[2], (await moderation.ListAsync(CommentStatus.Spam, null, 100, CancellationToken.None)).Items.Select(comment => comment.Id));
        var counts = await moderation.CountAsync(CancellationToken.None);
        Assert.Equal((2, 2, 1, 1), (counts.Pending, counts.Approved, counts.Spam, counts.Trash));
        var restoredEntry = (await services.GetRequiredService<Hub.Core.Entries.EntryRepository>().GetAsync(entry, CancellationToken.None))!.Entry;
        Assert.Equal(2, restoredEntry.CommentCount);
        Assert.Equal((string?)draft["body"], restoredEntry.Body);

        // Storage that holds a hub is left alone unless told.
        var again = await RunAsync(output => BackupCommands.RestoreAsync(new FileInfo(_first), force: false, CliServices.Build(Target), output, output, CancellationToken.None));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already holds a hub; nothing changed", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_an_export_is_refused_in_one_line()
    {
        await File.WriteAllTextAsync(_first, """[{ "id": "an-entries-file" }]""");

        var result = await RunAsync(output => BackupCommands.RestoreAsync(new FileInfo(_first), force: true, CliServices.Build(Target), output, output, CancellationToken.None));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Output.Trim().Split('\n'));
        Assert.Contains("was not restored; nothing changed", result.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(Func<TextWriter, Task<int>> run)
    {
        using var output = new StringWriter();
        var exitCode = await run(output);
        return (exitCode, output.ToString());
    }

    public void Dispose()
    {
        File.Delete(_first);
        File.Delete(_second);
    }
}
