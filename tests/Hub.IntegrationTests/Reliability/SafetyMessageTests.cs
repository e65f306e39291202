using System.Net;
using Hub.Testing;

namespace Hub.IntegrationTests.Reliability;

/// <summary>A hub whose safety messages are hidden for one second, so a test can let one arrive on its own.</summary>
public sealed class ShortSafetyDelayHub : FaultyHubServer
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Hub:FollowUps:SafetyDelaySeconds"] = "1" };
}

/// <summary>
/// What finishes a follow-up when nothing in the writing process is left to: its safety message
/// alone, as after a crash (these tests never use the process's own list of what it started).
/// The queue is run until the follow-up shows, as the trigger would poll it.
/// </summary>
public sealed class SafetyMessageTests(ShortSafetyDelayHub hub) : IClassFixture<ShortSafetyDelayHub>
{
    /// <summary>Far more than the one-second delay and a few polls; the test fails only if it is never done.</summary>
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(60);

    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    [Theory]
    [InlineData("its start message lost")]
    [InlineData("its start message lost, and the first try of its safety message failing")]
    public async Task A_committed_change_is_finished_by_its_safety_message_once_and_the_queue_empties(string what)
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Approved, its message lost.")))["id"]!;
        var etag = (string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!;

        hub.FollowUpsAfterEachWrite = false;
        try
        {
            // The approval's second message, its start message, is lost (the first is its safety message).
            hub.Probe.FailAfter(1, StorageProbe.IsQueueSend);
            using (var approve = await _maintainer.SetStatusAsync(entry, id, "approved", etag))
            {
                Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
            }

            Assert.False(hub.Probe.Armed);
            if (what.Contains("failing", StringComparison.Ordinal))
            {
                // The safety message's follow-up fails at its filing: the next safety message, sent before that work, finishes it.
                hub.Probe.FailNext(message => StorageProbe.IsTransactionOn(message, "Moderation"));
            }

            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (await _maintainer.FindInQueueAsync("approved", id) is null && waited.Elapsed < GiveUp)
            {
                await hub.RunQueuesAsync();
                await Task.Delay(200);
            }

            Assert.False(hub.Probe.Armed);
            Assert.NotNull(await _maintainer.FindInQueueAsync("approved", id));
            Assert.Null(await _maintainer.FindInQueueAsync("pending", id));
            await _reader.AssertCountMatchesAsync(entry, category);

            // Once done, its messages go: the last safety message finds no record and is dropped.
            while ((int)(await _maintainer.GetJsonAsync("/api/manage/follow-ups"))["queued"]! > 0 && waited.Elapsed < GiveUp)
            {
                await hub.RunQueuesAsync();
                await Task.Delay(200);
            }

            Assert.Equal(0, (int)(await _maintainer.GetJsonAsync("/api/manage/follow-ups"))["queued"]!);
        }
        finally
        {
            hub.Probe.Disarm();
            hub.FollowUpsAfterEachWrite = true;
        }

        var audit = await _maintainer.GetJsonAsync("/api/manage/audit?limit=100");
        Assert.Single(audit["items"]!.AsArray(), row => (string?)row!["commentId"] == id && (string?)row["action"] == "status-changed" && (string?)row["toStatus"] == "approved");
    }

    [Fact]
    public async Task A_change_that_never_committed_leaves_its_safety_message_to_be_dropped_and_nothing_else()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Its approval crashes.")))["id"]!;
        var etag = (string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!;

        // The commit never reaches storage, and the answer cannot tell: the safety message is all that is left.
        hub.Probe.FailNext(message => StorageProbe.IsTransactionOn(message, "Comments"));
        using (var approve = await _maintainer.SetStatusAsync(entry, id, "approved", etag))
        {
            await approve.AssertProblemAsync(503);
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((int)(await _maintainer.GetJsonAsync("/api/manage/follow-ups"))["queued"]! > 0 && waited.Elapsed < GiveUp)
        {
            await hub.RunQueuesAsync();
            await Task.Delay(200);
        }

        Assert.Equal(0, (int)(await _maintainer.GetJsonAsync("/api/manage/follow-ups"))["queued"]!);
        Assert.NotNull(await _maintainer.FindInQueueAsync("pending", id));
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        await _reader.AssertCountMatchesAsync(entry, category);
    }
}
