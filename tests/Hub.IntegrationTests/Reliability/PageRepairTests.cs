using Hub.Testing;

namespace Hub.IntegrationTests.Reliability;

/// <summary>A page or a count copy left stale by a crash after the change it shows is repaired by the timer function.</summary>
public sealed class PageRepairTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    [Fact]
    public async Task A_crash_before_the_page_is_written_is_repaired_by_the_scheduled_republish()
    {
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();
        using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());
        var (entry, _) = await maintainer.NewEntryAsync();
        var id = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment("Approved, then the lights went out.")))["id"]!;

        hub.Probe.FailNext(message => message.Request.Method == Azure.Core.RequestMethod.Put && message.Request.Uri.Path.Contains($"/entries/{entry}/", StringComparison.Ordinal));
        await maintainer.ModerateAsync(entry, id, "pending", "approved");
        Assert.False(hub.Probe.Armed);
        Assert.DoesNotContain(id, await site.GetStringAsync($"/entries/{entry}/"), StringComparison.Ordinal);

        await hub.RunTimerAsync("RepairSite");

        Assert.Contains(id, await site.GetStringAsync($"/entries/{entry}/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_before_the_entry_gets_its_new_comment_count_is_repaired_by_the_scheduled_republish()
    {
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();
        var (entry, category) = await maintainer.NewEntryAsync();
        var id = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment("Counted, eventually.")))["id"]!;

        var etag = (string)(await maintainer.FindInQueueAsync("pending", id))!["etag"]!;
        hub.Probe.FailNext(message => StorageProbe.IsTransactionOn(message, "Resources")); // the process dies as it copies the count
        await (await maintainer.SetStatusAsync(entry, id, "approved", etag)).AssertProblemAsync(503);
        Assert.False(hub.Probe.Armed);
        Assert.Single(await reader.PublicCommentsAsync(entry));
        Assert.Equal(0, (int)(await maintainer.GetJsonAsync($"/api/resources/{entry}"))["commentCount"]!);

        await hub.RunTimerAsync("RepairSite");

        await maintainer.AssertCountMatchesAsync(entry, category);
    }
}
