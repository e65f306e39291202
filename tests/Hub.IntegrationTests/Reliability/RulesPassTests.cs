using System.Net.Http.Json;
using Hub.Testing;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// A rules change renders every entry page again (their forms show the rules), through one pass:
/// a burst of changes restarts the pass under way rather than adding one each, so it costs at
/// most two and a half times one change, and every page ends showing the rules as they are.
/// </summary>
public sealed class RulesPassTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    /// <summary>More than one batch of the pass (25 entry pages).</summary>
    private const int EntryCount = 40;

    private readonly HttpClient _maintainer = hub.Maintainer();
    private readonly HttpClient _site = Clients.From(hub.SiteAddress, Clients.NewAddress());

    [Fact]
    public async Task A_burst_of_five_settings_changes_costs_at_most_two_and_a_half_times_one_and_every_page_shows_the_last()
    {
        var category = Entries.NewCategory();
        var ids = Enumerable.Range(0, EntryCount).Select(n => Entries.NewId($"rules{n:D2}")).ToList();
        foreach (var id in ids)
        {
            await _maintainer.PutOkAsync(id, Entries.Draft(category, $"Entry {id}", "2024-01-15"));
        }

        var one = await FollowUpRequestsAsync(() => PatchAsync(new { linkLimit = 3 }));
        var burst = await FollowUpRequestsAsync(() => Task.WhenAll(
            PatchAsync(new { linkLimit = 4 }),
            PatchAsync(new { maxThreadDepth = 4 }),
            PatchAsync(new { floodIntervalSeconds = 20 }),
            PatchAsync(new { maxCommentLength = 4000 }),
            PatchAsync(new { closeAfterDays = 30 })));

        Assert.True(burst <= one * 2.5, $"five changes took {burst} storage requests to follow, one took {one}");
        foreach (var id in ids)
        {
            var page = await _site.GetStringAsync($"/entries/{id}/");
            Assert.Contains("<p id=\"closed\">Comments are closed", page, StringComparison.Ordinal);
        }
    }

    private async Task PatchAsync(object change)
    {
        using var answer = await _maintainer.PatchAsJsonAsync("/api/manage/settings", change);
        answer.EnsureSuccessStatusCode();
    }

    /// <summary>The storage requests the follow-ups of the writes make (the writes' own are left out).</summary>
    private async Task<int> FollowUpRequestsAsync(Func<Task> writes)
    {
        hub.FollowUpsAfterEachWrite = false;
        try
        {
            await writes();
            hub.Probe.StartRecording();
            await hub.RunQueuesAsync();
            await hub.FinishFollowUpsAsync();
            return hub.Probe.StopRecording().Count;
        }
        finally
        {
            hub.FollowUpsAfterEachWrite = true;
        }
    }
}
