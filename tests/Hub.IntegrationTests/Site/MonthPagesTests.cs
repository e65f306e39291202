using System.Net;
using System.Text.RegularExpressions;
using Hub.Core.Entries;
using Hub.Site.Publishing;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.IntegrationTests.Site;

/// <summary>
/// A save into a busy month, counted with the storage probe on real storage: it reads the rows of
/// the page its entry falls in, not the month's, writes only that page (and what it changed), and
/// every page of the month then lists exactly the month's entries, newest first.
/// </summary>
public sealed partial class MonthPagesTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    private readonly HttpClient _maintainer = hub.Maintainer();
    private readonly HttpClient _site = Clients.From(hub.SiteAddress, Clients.NewAddress());

    [Fact]
    public async Task A_save_into_a_month_of_four_pages_reads_and_writes_only_the_page_it_lands_on()
    {
        var category = Entries.NewCategory();
        var list = SiteList.OfCategory(category);
        var month = new ArchiveMonth(2033, 7);
        var lifecycle = hub.Services.GetRequiredService<EntryLifecycle>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 66), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
            await lifecycle.SaveAsync($"m-{category}-{i:D3}", new EntryContent($"Busy {i}", "One busy month.", null, null, new DateOnly(2033, 7, 1 + (i % 28)), category, [], false), null, "test", token));
        await hub.RunQueuesAsync();

        var before = await WalkAsync(list, month);
        Assert.Equal(66, before.SelectMany(page => page.Ids).Count());
        Assert.True(before.Count >= 3, $"{before.Count} pages");

        // A new entry just after the sixth of a page past the first with room: it lands on that page.
        var target = before.Skip(1).First(page => page.Ids.Count is > 6 and < MonthPageMap.MaxPage);
        var neighbour = await hub.Services.GetRequiredService<EntryRepository>().GetCurrentAsync(target.Ids[5], CancellationToken.None);
        var added = neighbour!.Entry.Id + "-x";
        hub.Probe.StartRecording();
        await _maintainer.PutOkAsync(added, Entries.Draft(category, "The new one", neighbour.Entry.PublishedOn!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        await hub.RunQueuesAsync();
        var requests = hub.Probe.StopRecording();

        // Read: ranges of the list's month, none of them the whole month (which is 66 rows and more).
        var prefix = $"category|{category}|";
        var monthReads = requests.Where(request => request.StartsWith("GET ", StringComparison.Ordinal) && request.Contains(prefix + EntryRepository.PositionOf(new DateOnly(2033, 7, 15), "")[..6], StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(monthReads);
        Assert.InRange(monthReads.Count, 1, 3);
        var monthEnd = prefix + EntryRepository.PositionOf(new DateOnly(2033, 6, 30), "")[..8];
        Assert.DoesNotContain(monthReads, request => request.Contains($"RowKey lt '{monthEnd}'", StringComparison.Ordinal) && request.Contains($"RowKey ge '{prefix}{EntryRepository.PositionOf(new DateOnly(2033, 7, 31), "")[..8]}'", StringComparison.Ordinal));

        // Written under the list's archive: the one page the entry is on.
        var archive = ArchiveLayout.MonthPath(list, month).TrimStart('/');
        var written = requests.Where(request => request.StartsWith("PUT /devstoreaccount1/$web/" + archive, StringComparison.Ordinal) && !request.Contains("comp=", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"PUT /devstoreaccount1/$web/{ArchiveLayout.Blob(target.Path)}"], written);

        // Every page lists exactly the month's entries, newest first, and the old addresses still answer.
        var after = await WalkAsync(list, month);
        var expected = before.SelectMany(page => page.Ids).Append(added)
            .OrderBy(id => EntryRepository.PositionOf(id == added ? neighbour.Entry.PublishedOn : new DateOnly(2033, 7, 1 + (int.Parse(id[^3..], System.Globalization.CultureInfo.InvariantCulture) % 28)), id), StringComparer.Ordinal);
        Assert.Equal(expected, after.SelectMany(page => page.Ids));
        Assert.Equal(before.Select(page => page.Path), after.Select(page => page.Path));
        for (var number = 1; number <= before.Count; number++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _site.GetAsync(ArchiveLayout.MonthPagePath(list, month, number))).StatusCode);
        }
    }

    [Fact]
    public async Task The_home_lists_sitemaps_name_every_entry_of_a_busy_month_once_and_the_index_names_them()
    {
        var category = Entries.NewCategory();
        var month = new ArchiveMonth(1987, 3);
        var lifecycle = hub.Services.GetRequiredService<EntryLifecycle>();
        var ids = Enumerable.Range(0, 45).Select(i => $"s-{category}-{i:D3}").ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, token) =>
            await lifecycle.SaveAsync(id, new EntryContent(id, "Mapped.", null, null, new DateOnly(1987, 3, 9), category, [], false), null, "test", token));
        await hub.RunQueuesAsync();

        var pages = await WalkAsync(SiteList.Home, month);
        var index = await _site.GetStringAsync("/sitemap.xml");
        var named = new List<string>();
        foreach (var page in pages)
        {
            var number = page.Path == ArchiveLayout.MonthPath(SiteList.Home, month) ? 1 : int.Parse(page.Path.TrimEnd('/').Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
            var sitemap = ArchiveLayout.SitemapPath(month, number);
            Assert.Contains(sitemap, index, StringComparison.Ordinal);
            named.AddRange(EntryLink().Matches(await _site.GetStringAsync(sitemap)).Select(match => match.Groups["id"].Value).Where(id => id.StartsWith("s-" + category, StringComparison.Ordinal)));
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
    }

    /// <summary>The month's pages from its first, following each page's link to the older one: each page's address and the entries it lists.</summary>
    private async Task<List<(string Path, List<string> Ids)>> WalkAsync(SiteList list, ArchiveMonth month)
    {
        var pages = new List<(string Path, List<string> Ids)>();
        string? path = ArchiveLayout.MonthPath(list, month);
        while (path is not null && pages.Count < 20)
        {
            var html = await _site.GetStringAsync(path);
            pages.Add((path, [.. EntryLink().Matches(html).Select(match => match.Groups["id"].Value).Distinct(StringComparer.Ordinal)]));
            path = OlderLink().Match(html) is { Success: true } older ? WebUtility.HtmlDecode(older.Groups["path"].Value) : null;
        }

        return pages;
    }

    [GeneratedRegex("/entries/(?<id>[a-z0-9-]+)/")]
    private static partial Regex EntryLink();

    [GeneratedRegex("<a href=\"(?<path>[^\"]+)\" rel=\"next\"")]
    private static partial Regex OlderLink();
}
