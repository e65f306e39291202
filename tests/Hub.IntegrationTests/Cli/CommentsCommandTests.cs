using System.Diagnostics;
using System.Text.Json.Nodes;
using Hub.Cli;
using Hub.Core.Comments;
using Hub.Testing;

namespace Hub.IntegrationTests.Cli;

/// <summary><c>hub comments</c>: the moderation queue from a terminal, under the console's rules, versions and audit.</summary>
public sealed class CommentsCommandTests(HubServer hub) : IClassFixture<HubServer>
{
    /// <summary>Runs a command, then what the function app does after (the follow-ups of what it changed).</summary>
    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(Func<TextWriter, TextWriter, Task<int>> run)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await run(output, errors);
        await hub.RunQueuesAsync();
        return (exitCode, output.ToString(), errors.ToString());
    }

    private Task<(int ExitCode, string Output, string Errors)> ChangeAsync(string target, CommentStatus? to, string? etag = null)
        => RunAsync((output, errors) => CommentsCommand.ChangeAsync(target, to, etag, json: false, CliServices.Build(hub.StorageSettings), output, errors, CancellationToken.None));

    [Fact]
    public async Task A_moderator_works_the_queue_from_the_terminal()
    {
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();
        var (entry, _) = await maintainer.NewEntryAsync();
        var id = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment("From the terminal, please.")))["id"]!;
        var target = $"{entry}/{id}";

        var listed = await RunAsync((output, errors) => CommentsCommand.ListAsync(CommentStatus.Pending, 100, null, json: true, CliServices.Build(hub.StorageSettings), output, errors, CancellationToken.None));
        Assert.Equal(0, listed.ExitCode);
        var queued = JsonNode.Parse(listed.Output)!["items"]!.AsArray().Single(item => (string?)item!["id"] == id)!;
        var text = await RunAsync((output, errors) => CommentsCommand.ListAsync(CommentStatus.Pending, 100, null, json: false, CliServices.Build(hub.StorageSettings), output, errors, CancellationToken.None));
        Assert.Contains(target, text.Output, StringComparison.Ordinal);
        Assert.Contains("From the terminal, please.", text.Output, StringComparison.Ordinal);

        var approved = await ChangeAsync(target, CommentStatus.Approved, (string)queued["etag"]!);
        Assert.True(approved.ExitCode == 0, approved.Errors);
        Assert.Single(await reader.PublicCommentsAsync(entry), comment => (string?)comment["id"] == id);
        var audit = await maintainer.GetJsonAsync("/api/manage/audit?limit=5");
        Assert.Contains(audit["items"]!.AsArray(), item => (string?)item!["commentId"] == id && ((string?)item["actor"])!.StartsWith("cli:", StringComparison.Ordinal));

        // The version it was decided on is gone: refused, with a reason, and nothing changes.
        var stale = await ChangeAsync(target, CommentStatus.Spam, (string)queued["etag"]!);
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("changed since", stale.Errors, StringComparison.Ordinal);
        Assert.Single(await reader.PublicCommentsAsync(entry));

        Assert.Equal(1, (await RunAsync((output, errors) => CommentsCommand.DeleteAsync(target, null, CliServices.Build(hub.StorageSettings), output, errors, CancellationToken.None))).ExitCode);
        Assert.Equal(0, (await ChangeAsync(target, CommentStatus.Trash)).ExitCode);
        Assert.NotNull(await maintainer.FindInQueueAsync("trash", id)); // (the public list, kept in memory by the running hub, follows within 10 s)
        var restored = await ChangeAsync(target, to: null);
        Assert.Equal(0, restored.ExitCode);
        Assert.Contains("trash -> approved", restored.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await ChangeAsync(target, CommentStatus.Spam)).ExitCode);
        Assert.Equal(0, (await RunAsync((output, errors) => CommentsCommand.DeleteAsync(target, null, CliServices.Build(hub.StorageSettings), output, errors, CancellationToken.None))).ExitCode);
        Assert.Null(await maintainer.FindInQueueAsync("spam", id));

        var nonsense = await ChangeAsync("not-a-comment", CommentStatus.Approved);
        Assert.Equal(2, nonsense.ExitCode);
        Assert.Single(nonsense.Errors.Trim().Split('\n'));
    }

    [Fact]
    public async Task Notices_due_are_sent_from_the_terminal_on_demand()
    {
        using var receiver = new WebhookReceiver();
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();
        (await maintainer.PatchAsJsonAsync("/api/manage/settings", new { notifyUrl = receiver.Url })).EnsureSuccessStatusCode();
        var (entry, _) = await maintainer.NewEntryAsync();
        await reader.PostCommentOkAsync(entry, Discussion.Comment("Tell someone now."));

        var sent = await RunAsync((output, _) => NotificationsCommand.SendAsync(CliServices.Build(hub.StorageSettings), output, CancellationToken.None));
        (await maintainer.PatchAsJsonAsync("/api/manage/settings", new { notifyUrl = "" })).EnsureSuccessStatusCode();

        Assert.Equal(0, sent.ExitCode);
        Assert.StartsWith("Sent 1 notices; 0 still waiting.", sent.Output, StringComparison.Ordinal);
        Assert.Contains("Tell someone now.", Assert.Single(receiver.Received).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("import --help")]
    [InlineData("export --help")]
    [InlineData("restore --help")]
    [InlineData("comments list --help")]
    [InlineData("comments approve --help")]
    [InlineData("comments restore --help")]
    [InlineData("comments delete --help")]
    [InlineData("moderators add --help")]
    [InlineData("notifications status --help")]
    [InlineData("publish --help")]
    public async Task Every_command_explains_itself(string arguments)
    {
        var (exitCode, output) = await HubToolAsync(arguments);

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_that_cannot_be_reached_is_one_line_and_a_non_zero_exit_code()
    {
        var nowhere = $"DefaultEndpointsProtocol=http;AccountName=nowhere;AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint=http://127.0.0.1:9/nowhere;BlobEndpoint=http://127.0.0.1:9/nowhere";

        var (exitCode, output) = await HubToolAsync($"comments list --storage \"{nowhere}\"");

        Assert.Equal(3, exitCode);
        Assert.StartsWith("Storage could not be used:", output.Trim(), StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_mistyped_command_fails_with_a_non_zero_exit_code()
        => Assert.NotEqual(0, (await HubToolAsync("comments aprove x/y")).ExitCode);

    /// <summary>The built tool, as a maintainer runs it.</summary>
    private static async Task<(int ExitCode, string Output)> HubToolAsync(string arguments)
    {
        var start = new ProcessStartInfo("dotnet", $"exec {Path.Combine(AppContext.BaseDirectory, "hub.dll")} {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
