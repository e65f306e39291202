using System.Net;
using Azure.Core;
using Hub.Core.Entries;
using Hub.Core.Publishing;
using Hub.Core.Storage;
using Hub.Site.Publishing;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.IntegrationTests.Site;

/// <summary>
/// What a change renders, counted with the storage probe on real storage: only the pages that
/// show it, the same storage requests however many entries the site has, renders of one page
/// coalesced, and an older render never over a newer one.
/// </summary>
public sealed class PageUpdateTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    private readonly HttpClient _maintainer = hub.Maintainer();
    private readonly HttpClient _site = Clients.From(hub.SiteAddress, Clients.NewAddress());

    [Fact]
    public async Task A_save_renders_only_its_pages_with_the_same_storage_requests_however_many_entries_there_are()
    {
        var category = Entries.NewCategory();
        var entry = "bounded-" + category;
        await _maintainer.PutOkAsync(entry, Entries.Draft(category, "First title", "2031-03-04", "tag-" + category));

        var small = await SaveAsync(entry, category, "Second title");

        // Many more entries, in other months and lists (written straight to storage, as an import is).
        var resources = hub.Services.GetRequiredService<EntryLifecycle>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 120), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
            await resources.SaveAsync($"other-{category}-{i}", new EntryContent($"Other {i}", "Elsewhere.", null, null, new DateOnly(2020, 1, 1).AddDays(i * 9), "elsewhere", [$"o{i % 7}"], false), null, "test", token));
        await hub.RunQueuesAsync();

        var large = await SaveAsync(entry, category, "Third title");

        // The same requests, give or take the entry and the rules this instance keeps for 10 s (re-read once expired).
        Assert.InRange(large.Count, small.Count - 2, small.Count + 2);
        var written = large.Where(request => request.StartsWith("PUT /devstoreaccount1/$web/", StringComparison.Ordinal) && !request.Contains("comp=", StringComparison.Ordinal))
            .Select(request => request["PUT /devstoreaccount1/$web/".Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            new[]
            {
                $"archive/2031/03/index.html",
                $"categories/{category}/archive/2031/03/index.html", $"categories/{category}/feed.atom", $"categories/{category}/index.html",
                $"entries/{entry}/comments.atom", $"entries/{entry}/index.html",
                "feed.atom", "index.html", // the month's sitemap is rendered too, but its bytes did not change: nothing is written
                $"tags/tag-{category}/archive/2031/03/index.html", $"tags/tag-{category}/feed.atom", $"tags/tag-{category}/index.html",
            }.Order(StringComparer.Ordinal),
            written);
        Assert.Contains("Third title", await _site.GetStringAsync($"/categories/{category}/archive/2031/03/"), StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<string>> SaveAsync(string entry, string category, string title)
    {
        hub.Probe.StartRecording();
        await _maintainer.PutOkAsync(entry, Entries.Draft(category, title, "2031-03-04", "tag-" + category));
        return hub.Probe.StopRecording();
    }

    [Fact]
    public async Task A_burst_of_twenty_approvals_on_one_entry_renders_its_page_at_most_five_times_and_it_shows_them_all()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        using (var rules = await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { holdAllComments = false, approveKnownAuthors = false, linkLimit = 0, floodIntervalSeconds = 0 }))
        {
            rules.EnsureSuccessStatusCode();
        }

        try
        {
            var page = $"/$web/entries/{entry}/index.html";
            await _maintainer.PostCommentOkAsync(entry, Discussion.Comment("Warming up: the first render of a cold host is slow."), expectedStatus: 201);
            hub.Probe.StartRecording();
            var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
            {
                using var reader = Clients.From(hub.BaseAddress, Clients.NewAddress());
                using var posted = await reader.PostCommentAsync(entry, Discussion.Comment($"Burst comment {i}.", email: $"burst-{i}-{Guid.NewGuid():N}@example.org"));
                return (Status: posted.StatusCode, Body: await posted.Content.ReadAsStringAsync());
            }));
            var uploads = hub.Probe.StopRecording().Count(request => request.StartsWith("PUT ", StringComparison.Ordinal) && request.EndsWith(page, StringComparison.Ordinal));

            var accepted = answers.Where(answer => answer.Status == HttpStatusCode.Created).ToList();
            Assert.True(accepted.Count > 0, string.Join("; ", answers.Select(answer => $"{answer.Status} {answer.Body}")));
            Assert.All(answers, answer => Assert.True(answer.Status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{answer.Status}: {answer.Body}"));
            Assert.InRange(uploads, 1, 5);
            var html = await _site.GetStringAsync($"/entries/{entry}/");
            foreach (var answer in accepted)
            {
                var id = (string)System.Text.Json.Nodes.JsonNode.Parse(answer.Body)!["id"]!;
                Assert.Contains($"id=\"comment-{id}\"", html, StringComparison.Ordinal);
            }
        }
        finally
        {
            using var hold = await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { holdAllComments = true });
            hold.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Twenty_approvals_on_one_entry_released_together_render_its_page_at_most_three_times_and_it_shows_them_all()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var held = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            using var commenter = hub.Reader();
            held.Add((string)(await commenter.PostCommentOkAsync(entry, Discussion.Comment($"Held comment {i}.")))["id"]!);
        }

        var etags = new List<string>();
        foreach (var id in held)
        {
            etags.Add((string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!);
        }

        var page = $"/$web/entries/{entry}/index.html";
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Probe.StartRecording();
        var approvals = held.Select(async (id, i) =>
        {
            await release.Task;
            using var approved = await _maintainer.SetStatusAsync(entry, id, "approved", etags[i]);
            return approved.StatusCode;
        }).ToList();
        release.SetResult();
        var statuses = await Task.WhenAll(approvals);
        await hub.RunQueuesAsync();
        var uploads = hub.Probe.StopRecording().Count(request => request.StartsWith("PUT ", StringComparison.Ordinal) && request.EndsWith(page, StringComparison.Ordinal));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.InRange(uploads, 1, 3);
        var html = await _site.GetStringAsync($"/entries/{entry}/");
        Assert.All(held, id => Assert.Contains($"id=\"comment-{id}\"", html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_older_render_whose_lease_ran_out_never_overwrites_the_newer_one()
    {
        var tables = hub.Services.GetRequiredService<HubTables>();
        var web = hub.Services.GetRequiredService<WebContainer>();
        var unit = new PageUnit.Entry("race-" + Guid.NewGuid().ToString("N")[..12]);
        var blob = $"tests/{unit.EntryId}.txt";
        var slow = new PageClaims(tables, TimeProvider.System, NullLogger<PageClaims>.Instance);
        var later = new PageClaims(tables, new Later(PageClaims.Lease * 2), NullLogger<PageClaims>.Instance); // sees the first claim's lease run out
        var claimed = new TaskCompletionSource();
        var resume = new TaskCompletionSource();
        VersionedWrite? olderWrite = null;

        var older = slow.RequestAsync(unit, async (claim, token) =>
        {
            claimed.SetResult();
            await resume.Task; // it read what it shows, then stalled past its lease
            olderWrite = await web.PutVersionedAsync(blob, "older"u8.ToArray(), "text/plain", WebContainer.HtmlCache, claim, token);
        }, CancellationToken.None);
        await claimed.Task;
        await later.RequestAsync(unit, async (claim, token) =>
            await web.PutVersionedAsync(blob, "newer"u8.ToArray(), "text/plain", WebContainer.HtmlCache, claim, token), CancellationToken.None);
        resume.SetResult();
        await older;

        Assert.Equal(VersionedWrite.Superseded, olderWrite);
        var stored = await web.GetAsync(blob, CancellationToken.None);
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(stored!.Content), System.IO.Compression.CompressionMode.Decompress);
        using var text = new StreamReader(gzip);
        Assert.Equal("newer", await text.ReadToEndAsync());
    }

    [Fact]
    public async Task An_older_render_cannot_put_its_bytes_back_when_the_newer_render_found_the_page_unchanged()
    {
        var tables = hub.Services.GetRequiredService<HubTables>();
        var web = hub.Services.GetRequiredService<WebContainer>();
        var unit = new PageUnit.Entry("fence-" + Guid.NewGuid().ToString("N")[..12]);
        var blob = $"tests/{unit.EntryId}.txt";
        var slow = new PageClaims(tables, TimeProvider.System, NullLogger<PageClaims>.Instance);
        var later = new PageClaims(tables, new Later(PageClaims.Lease * 2), NullLogger<PageClaims>.Instance);
        await slow.RequestAsync(unit, async (claim, token) =>
            await web.PutVersionedAsync(blob, "current"u8.ToArray(), "text/plain", WebContainer.HtmlCache, claim, token), CancellationToken.None);
        var claimed = new TaskCompletionSource();
        var resume = new TaskCompletionSource();
        VersionedWrite? olderWrite = null;
        VersionedWrite? newerWrite = null;

        // The older render read what it shows before the page was put back to "current", then stalled past its lease.
        var older = slow.RequestAsync(unit, async (claim, token) =>
        {
            claimed.SetResult();
            await resume.Task;
            olderWrite = await web.PutVersionedAsync(blob, "older"u8.ToArray(), "text/plain", WebContainer.HtmlCache, claim, token);
        }, CancellationToken.None);
        await claimed.Task;
        await later.RequestAsync(unit, async (claim, token) =>
            newerWrite = await web.PutVersionedAsync(blob, "current"u8.ToArray(), "text/plain", WebContainer.HtmlCache, claim, token), CancellationToken.None);
        resume.SetResult();
        await older;

        Assert.Equal(VersionedWrite.Unchanged, newerWrite);
        Assert.Equal(VersionedWrite.Superseded, olderWrite);
        Assert.Equal("current", await TextAsync(web, blob));

        // With nothing older left running, a render that finds the same bytes writes nothing at all.
        var before = (await web.StateAsync(blob, CancellationToken.None))!.ETag;
        await later.RequestAsync(unit, async (claim, token) =>
            newerWrite = await web.PutVersionedAsync(blob, "current"u8.ToArray(), "text/plain", WebContainer.HtmlCache, claim, token), CancellationToken.None);
        Assert.Equal(VersionedWrite.Unchanged, newerWrite);
        Assert.Equal(before, (await web.StateAsync(blob, CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task Rendering_a_page_again_with_the_same_bytes_leaves_its_ETag_and_Last_Modified()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var pages = hub.Services.GetRequiredService<IPageUpdates>();
        await pages.DiscussionChangedAsync(entry, CancellationToken.None);
        var (etag, modified) = await ValidatorsAsync(entry);

        await pages.DiscussionChangedAsync(entry, CancellationToken.None);
        await pages.EntryChangedAsync(entry, null, null, CancellationToken.None);
        await hub.Services.GetRequiredService<SitePublisher>().PublishAllAsync(null, CancellationToken.None);

        Assert.Equal((etag, modified), await ValidatorsAsync(entry));
    }

    /// <summary>The page's ETag as the site's origin serves it, and its blob's Last-Modified.</summary>
    private async Task<(string? ETag, DateTimeOffset Modified)> ValidatorsAsync(string entry)
    {
        using var page = await _site.GetAsync($"/entries/{entry}/");
        page.EnsureSuccessStatusCode();
        var blob = hub.Services.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(WebContainer.ContainerName).GetBlobClient(EntryPages.PageBlob(entry));
        return (page.Headers.ETag?.Tag, (await blob.GetPropertiesAsync()).Value.LastModified);
    }

    private static async Task<string> TextAsync(WebContainer web, string blob)
    {
        var stored = await web.GetAsync(blob, CancellationToken.None);
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(stored!.Content), System.IO.Compression.CompressionMode.Decompress);
        using var text = new StreamReader(gzip);
        return await text.ReadToEndAsync();
    }

    [Fact]
    public async Task A_full_republish_racing_a_single_page_leaves_the_newest_render()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var publisher = hub.Services.GetRequiredService<SitePublisher>();
        var pages = hub.Services.GetRequiredService<IPageUpdates>();

        var republish = publisher.PublishAllAsync(null, CancellationToken.None);
        var draft = Entries.Draft("raced", "Renamed while the site republished", "2024-05-01");
        var saved = await _maintainer.PutOkAsync(entry, draft);
        await pages.DiscussionChangedAsync(entry, CancellationToken.None);
        await republish;

        Assert.Contains("Renamed while the site republished", await _site.GetStringAsync($"/entries/{entry}/"), StringComparison.Ordinal);
        Assert.NotNull(saved);
    }

    [Fact]
    public async Task Old_list_addresses_counted_from_the_newest_still_lead_to_the_entries()
    {
        var category = Entries.NewCategory();
        var entry = "moved-" + category;
        await _maintainer.PutOkAsync(entry, Entries.Draft(category, "Found through an old address", "2023-07-09"));
        var web = hub.Services.GetRequiredService<WebContainer>();
        var old = "<!doctype html><title>Old page 2</title>"u8.ToArray();
        await web.PutAsync("page/2/index.html", old, "text/html; charset=utf-8", WebContainer.HtmlCache, CancellationToken.None);
        await web.PutAsync($"categories/{category}/page/2/index.html", old, "text/html; charset=utf-8", WebContainer.HtmlCache, CancellationToken.None);

        await hub.Services.GetRequiredService<SitePublisher>().PublishAllAsync(null, CancellationToken.None); // hub publish

        foreach (var (address, archive) in new[] { ("/page/2/", "/archive/"), ($"/categories/{category}/page/2/", $"/categories/{category}/archive/") })
        {
            var moved = await _site.GetStringAsync(address);
            Assert.True(WebUtility.HtmlDecode(moved).Contains($"<meta http-equiv=\"refresh\" content=\"0; url={archive}\"", StringComparison.Ordinal), moved);
            Assert.Contains($"href=\"{archive}\"", moved, StringComparison.Ordinal);
            var months = await _site.GetStringAsync(archive);
            Assert.Contains($"href=\"{archive}2023/07/\"", months, StringComparison.Ordinal);
            Assert.Contains($"/entries/{entry}/", await _site.GetStringAsync($"{archive}2023/07/"), StringComparison.Ordinal);
        }
    }

    /// <summary>A clock ahead of the others by a fixed time (a process whose view of a lease is later).</summary>
    private sealed class Later(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
    }
}
