using Hub.Testing;

namespace Hub.IntegrationTests.Comments;

/// <summary>The local host with its queue trigger polling in the background, as the Functions host does in Azure.</summary>
public sealed class QueueRunningHubServer : HubServer
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Hub:RunQueues"] = "true" };
}

/// <summary>
/// Nobody runs the follow-ups on cue here: an approval answers, and its follow-up arrives on its
/// own through the queue message and the queue-triggered function, as it does in Azure.
/// </summary>
public sealed class FollowUpTests(QueueRunningHubServer hub) : IClassFixture<QueueRunningHubServer>
{
    /// <summary>Far beyond the seconds it takes: a bound on the wait, not a measurement (the benchmark measures).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_approval_reaches_the_queue_tabs_the_count_and_the_page_on_its_own()
    {
        hub.FollowUpsAfterEachWrite = false;
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();
        using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());
        var (entry, category) = await maintainer.NewEntryAsync();
        var id = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment("Approved, and then on the page.")))["id"]!;
        var queued = await EventuallyAsync(() => maintainer.FindInQueueAsync("pending", id));

        using (var approved = await maintainer.SetStatusAsync(entry, id, "approved", (string)queued!["etag"]!))
        {
            approved.EnsureSuccessStatusCode();
        }

        await EventuallyAsync(async () => (await site.GetStringAsync($"/entries/{entry}/")).Contains($"comment-{id}", StringComparison.Ordinal) ? "shown" : null);
        Assert.NotNull(await EventuallyAsync(() => maintainer.FindInQueueAsync("approved", id)));
        Assert.Null(await maintainer.FindInQueueAsync("pending", id));
        await reader.AssertCountMatchesAsync(entry, category);
        Assert.Equal(0, (int)(await maintainer.GetJsonAsync("/api/manage/follow-ups"))["poisoned"]!);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
    {
        var until = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTimeOffset.UtcNow < until, $"Not there after {Patience.TotalSeconds} s");
            await Task.Delay(200);
        }
    }
}
