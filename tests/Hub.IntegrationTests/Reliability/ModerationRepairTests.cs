using Hub.Testing;

namespace Hub.IntegrationTests.Reliability;

/// <summary>Queue rows left wrong by a crash between a comment's transaction and the queue's are put right by the hourly repair.</summary>
public sealed class ModerationRepairTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    [Fact]
    public async Task The_scheduled_repair_puts_every_queue_row_and_count_right()
    {
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();
        var (entry, _) = await maintainer.NewEntryAsync();
        (await maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0 })).EnsureSuccessStatusCode();

        // Filed in the queue, then the process died before the comment itself was stored.
        hub.Probe.FailNext(message => StorageProbe.IsTransactionOn(message, "Comments"));
        using var lost = await reader.PostCommentAsync(entry, Discussion.Comment("Never stored."));
        await lost.AssertProblemAsync(503);
        var ghost = Assert.Single((await maintainer.GetJsonAsync("/api/manage/comments?status=pending"))["items"]!.AsArray());

        // Approved, then the process died before the queue row moved.
        var approved = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment("Approved.")))["id"]!;
        var etag = (string)(await maintainer.FindInQueueAsync("pending", approved))!["etag"]!;
        hub.Probe.FailNext(message => StorageProbe.IsTransactionOn(message, "Moderation"));
        await (await maintainer.SetStatusAsync(entry, approved, "approved", etag)).AssertProblemAsync(503);
        Assert.NotNull(await maintainer.FindInQueueAsync("pending", approved));
        var waiting = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment("Waiting.")))["id"]!;

        await hub.RunTimerAsync("RepairModeration");

        var pending = (await maintainer.GetJsonAsync("/api/manage/comments?status=pending"))["items"]!.AsArray().Select(item => (string)item!["id"]!).ToList();
        Assert.Equal([waiting], pending);
        Assert.DoesNotContain((string)ghost!["id"]!, pending);
        Assert.NotNull(await maintainer.FindInQueueAsync("approved", approved));
        var counts = await maintainer.GetJsonAsync("/api/manage/comments/counts");
        Assert.Equal(1, (int)counts["pending"]!);
        Assert.Equal(1, (int)counts["approved"]!);
    }
}
