using Azure.Core;
using Hub.Core.Storage;
using Hub.Site.Publishing;
using Hub.Site.Rendering;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.IntegrationTests.Site;

/// <summary>
/// The site is published again only when its rendering changes, counted with the storage probe on
/// real storage: an idle check is one read, a new render version republishes once, and a pass that
/// a failure stopped resumes where it got to.
/// </summary>
public sealed class SiteVersionTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    private const string Check = "CheckSiteVersion";

    private readonly HttpClient _maintainer = hub.Maintainer();
    private readonly HttpClient _site = Clients.From(hub.SiteAddress, Clients.NewAddress());

    [Fact]
    public async Task A_check_with_nothing_changed_reads_one_row_and_writes_nothing()
    {
        await _maintainer.NewEntryAsync();
        await hub.RunTimerAsync(Check); // whatever an earlier test left

        var requests = await RecordAsync(() => hub.RunTimerAsync(Check));

        var read = Assert.Single(requests);
        Assert.StartsWith("GET /devstoreaccount1/Pages(PartitionKey='site',RowKey='')", read, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_render_version_republishes_every_page_once_and_the_next_check_writes_nothing()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var address = "https://renamed-" + Guid.NewGuid().ToString("N")[..8] + ".example.org";
        await WithPublicUrlAsync(address, async () =>
        {
            var pass = await RecordAsync(() => hub.RunTimerAsync(Check));

            Assert.Contains($"{address}/entries/{entry}/", await _site.GetStringAsync($"/entries/{entry}/"), StringComparison.Ordinal);
            Assert.Contains(pass, request => request.StartsWith("PUT ", StringComparison.Ordinal) && request.EndsWith($"/$web/entries/{entry}/index.html", StringComparison.Ordinal));
            Assert.Single(await RecordAsync(() => hub.RunTimerAsync(Check))); // the row, nothing more
        });
    }

    [Fact]
    public async Task A_pass_stopped_by_a_failure_resumes_from_its_cursor_and_completes()
    {
        // More entries than one batch, so the failure comes after the first batch recorded where it got to.
        var category = Entries.NewCategory();
        var ids = Enumerable.Range(0, SiteRepublish.EntriesPerBatch + 20).Select(i => $"resume-{category}-{i}").ToList();
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
            await _maintainer.PutOkAsync(item.id, Entries.Draft(category, $"Resumed {item.i}", new DateOnly(2022, 1, 1).AddDays(item.i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
        await hub.FinishFollowUpsAsync();
        await hub.RunQueuesAsync();

        var address = "https://resumed-" + Guid.NewGuid().ToString("N")[..8] + ".example.org";
        await WithPublicUrlAsync(address, async () =>
        {
            // The 131st entry file the pass writes fails before it reaches storage, as if the instance stopped there: in the second batch.
            string? failed = null;
            var seen = -1;
            hub.Probe.FailNext(message =>
            {
                if (message.Request.Method != RequestMethod.Put || !message.Request.Uri.Path.Contains("/$web/entries/", StringComparison.Ordinal)
                    || message.Request.Uri.Query.Contains("comp=", StringComparison.Ordinal) || Interlocked.Increment(ref seen) != 2 * SiteRepublish.EntriesPerBatch + 30)
                {
                    return false;
                }

                failed = $"PUT {Uri.UnescapeDataString(message.Request.Uri.ToUri().PathAndQuery)}";
                return true;
            });
            var first = await RecordAsync(async () => await Assert.ThrowsAnyAsync<Exception>(() => hub.RunTimerAsync(Check)));
            hub.Probe.Disarm();
            Assert.NotNull(failed);

            var row = await SiteRowAsync();
            Assert.Equal("entries", row.Phase);
            Assert.NotNull(row.Cursor);
            Assert.Null(row.Owner); // released: the next check resumes at once

            var second = await RecordAsync(() => hub.RunTimerAsync(Check));

            var writtenFirst = EntryPagesWritten(first);
            writtenFirst.Remove(failed); // recorded, but it never reached storage
            var writtenAgain = EntryPagesWritten(second).Intersect(writtenFirst).ToList();
            Assert.True(writtenFirst.Count >= SiteRepublish.EntriesPerBatch, $"{writtenFirst.Count} pages before the failure");
            Assert.Empty(writtenAgain);
            Assert.Null((await SiteRowAsync()).Target);
            foreach (var id in ids)
            {
                Assert.Contains($"{address}/entries/{id}/", await _site.GetStringAsync($"/entries/{id}/"), StringComparison.Ordinal);
            }

            Assert.Single(await RecordAsync(() => hub.RunTimerAsync(Check))); // the row, nothing more
        });
    }

    /// <summary>Runs <paramref name="body"/> with the site at another public address (a new render version), then puts the address back and republishes.</summary>
    private async Task WithPublicUrlAsync(string address, Func<Task> body)
    {
        var site = hub.Services.GetRequiredService<SiteContext>();
        var (publicUrl, apiUrl) = (site.PublicUrl, site.ApiUrl);
        site.Configure(address, apiUrl);
        try
        {
            await body();
        }
        finally
        {
            hub.Probe.Disarm();
            site.Configure(publicUrl, apiUrl);
            await hub.RunTimerAsync(Check);
        }
    }

    private async Task<IReadOnlyList<string>> RecordAsync(Func<Task> run)
    {
        hub.Probe.StartRecording();
        try
        {
            await run();
        }
        catch
        {
            hub.Probe.StopRecording();
            throw;
        }

        return hub.Probe.StopRecording();
    }

    private static HashSet<string> EntryPagesWritten(IEnumerable<string> requests)
        => [.. requests.Where(request => request.StartsWith("PUT ", StringComparison.Ordinal) && request.Contains("/$web/entries/", StringComparison.Ordinal) && !request.Contains("comp=", StringComparison.Ordinal))];

    private async Task<SiteRow> SiteRowAsync()
    {
        var table = await hub.Services.GetRequiredService<HubTables>().GetAsync(HubTables.Pages, CancellationToken.None);
        return (await table.GetEntityAsync<SiteRow>(SiteRow.Key, "")).Value;
    }
}
