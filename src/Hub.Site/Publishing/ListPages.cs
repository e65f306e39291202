using System.Text;
using Hub.Core.Entries;
using Hub.Site.Rendering;

namespace Hub.Site.Publishing;

/// <summary>
/// The pages of a list (<see cref="ArchiveLayout"/>): its front page and feed, one month of its
/// archive, its archive index, and for the home list the sitemap. Each reads only the rows it
/// shows: the newest entries, or one month's.
/// </summary>
public sealed class ListPages(PageRenderer renderer, WebContainer web, SiteContext site, EntryRepository resources, MonthMaps maps)
{
    private const string HtmlType = "text/html; charset=utf-8";
    private const string MonthsKey = "months";
    private const string RevisionKey = "revision";
    private const string PagesKey = "pages";
    private const int MaxIndexAttempts = 10;

    /// <summary>The front page (the newest entries, and where the older ones are) and the feed; both removed when a category or tag has no entries left.</summary>
    public async Task<int> RenderFrontAsync(SiteList list, RenderClaim claim, CancellationToken cancellationToken)
    {
        var newest = (await resources.ListAsync(new EntryQuery(list.Category, list.Tag, ArchiveLayout.PageSize + 1) { IncludeBody = true }, cancellationToken)).Items;
        var front = ArchiveLayout.Blob(list.BasePath);
        var feed = list.FeedPath.TrimStart('/');
        if (newest.Count == 0 && !list.IsHome)
        {
            var removed = await web.DeleteVersionedAsync(front, claim.Version, cancellationToken) ? 1 : 0;
            return removed + (await web.DeleteVersionedAsync(feed, claim.Version, cancellationToken) ? 1 : 0);
        }

        var shown = newest.Take(ArchiveLayout.PageSize).ToList();
        var older = newest.Count > ArchiveLayout.PageSize ? ArchiveLayout.MonthPath(list, ArchiveMonth.Of(newest[^1].PublishedOn)) : null;
        var model = new ListPageModel(list.Title, list.Heading, list.Lede, list.BasePath, shown, null, older, list.FeedTitle, list.FeedPath, list.IsHome, ArchiveLayout.ArchivePath(list));
        var written = await PutAsync(front, await renderer.ListAsync(site, model), HtmlType, claim, cancellationToken);
        return written + await PutAsync(feed, Feeds.Entries(site, list.FeedTitle, list.FeedPath, list.BasePath, shown), Feeds.AtomType, claim, cancellationToken);
    }

    /// <summary>
    /// Pages of one month of a list (<see cref="MonthPageMap"/>): with <paramref name="positions"/>,
    /// only the pages that hold them and what their change moves, each read as one range of rows;
    /// without (or when the month has no map yet), every page, from one read of the month. Then the
    /// map, the pages that are gone removed, and the archive index learns whether the month has
    /// entries; for the home list, each rendered page's sitemap too, and the sitemap index names them.
    /// </summary>
    public async Task<int> RenderMonthAsync(SiteList list, ArchiveMonth month, IReadOnlyCollection<string>? positions, RenderClaim claim, CancellationToken cancellationToken)
    {
        var (stored, etag) = await maps.ReadAsync(list, month, cancellationToken);
        var whole = positions is null || stored is null;
        var map = stored ?? MonthPageMap.Empty;
        var read = new Dictionary<int, IReadOnlyList<Entry>>();
        if (whole)
        {
            var entries = await resources.ListMonthAsync(list.Category, list.Tag, month, cancellationToken);
            map = stored ?? MonthPageMap.Fresh(entries);
            for (var i = 0; i < map.Pages.Count; i++)
            {
                read[i] = [];
            }

            foreach (var group in entries.GroupBy(entry => map.IndexOf(EntryRepository.PositionOf(entry.PublishedOn, entry.Id))))
            {
                read[group.Key] = [.. group];
            }
        }
        else
        {
            foreach (var index in positions!.Select(map.IndexOf).Distinct())
            {
                read[index] = await RangeAsync(list, month, map, index, cancellationToken);
            }

            // A page that shrank may join a neighbour: read the one it would join.
            foreach (var index in read.Where(page => page.Value.Count < MonthPageMap.MinPage).Select(page => page.Key).ToList())
            {
                var other = index > 0 ? index - 1 : index + 1;
                if (other < map.Pages.Count && !read.ContainsKey(other))
                {
                    read[other] = await RangeAsync(list, month, map, other, cancellationToken);
                }
            }
        }

        var plan = map.Plan(read);
        var empty = plan.Map.Pages.Count == 1 && plan.Known.TryGetValue(1, out var first) && first.Count == 0;
        var written = 0;
        var name = ArchiveLayout.MonthName(month);
        var pages = plan.Map.Pages;
        for (var i = 0; i < pages.Count && !empty; i++)
        {
            var number = pages[i].Number;
            if (!plan.Render.Contains(number))
            {
                continue;
            }

            var shown = plan.Known.TryGetValue(number, out var known) ? known : await RangeAsync(list, month, plan.Map, i, cancellationToken);
            var path = ArchiveLayout.MonthPagePath(list, month, number);
            var newer = i > 0 ? ArchiveLayout.MonthPagePath(list, month, pages[i - 1].Number) : null;
            var older = i + 1 < pages.Count ? ArchiveLayout.MonthPagePath(list, month, pages[i + 1].Number) : null;
            var title = number == 1 ? $"{list.Title}: {name}" : $"{list.Title}: {name} (page {number})";
            var model = new ListPageModel(title, $"{list.Heading}: {name}", $"Entries published in {name}, newest first.", path, shown, newer, older, list.FeedTitle, list.FeedPath, false, ArchiveLayout.ArchivePath(list));
            written += await PutAsync(ArchiveLayout.Blob(path), await renderer.ListAsync(site, model), HtmlType, claim, cancellationToken);
            if (list.IsHome)
            {
                var paths = shown.SelectMany(entry => SiteList.Of(Hub.Core.Publishing.EntryListing.Of(entry))).Where(other => !other.IsHome).Select(other => other.BasePath)
                    .Prepend(path)
                    .Distinct(StringComparer.Ordinal);
                written += await PutAsync(ArchiveLayout.SitemapPath(month, number).TrimStart('/'), Feeds.Sitemap(site, shown, paths), "application/xml", claim, cancellationToken);
            }
        }

        var kept = empty ? new HashSet<int>() : plan.Map.Numbers.ToHashSet();
        if (plan.Map.Serialize() != stored?.Serialize())
        {
            await maps.WriteAsync(list, month, empty ? MonthPageMap.Empty : plan.Map, etag, cancellationToken);
        }

        // What is gone: the numbers the plan dropped (and, rendering the whole month, any page or sitemap of it the map does not name).
        var gone = plan.Removed.Concat(empty ? [1] : []).Select(number => ArchiveLayout.Blob(ArchiveLayout.MonthPagePath(list, month, number))).ToList();
        if (list.IsHome)
        {
            gone.AddRange(plan.Removed.Concat(empty ? [1] : []).Select(number => ArchiveLayout.SitemapPath(month, number).TrimStart('/')));
        }

        if (whole)
        {
            var keptBlobs = kept.Select(number => ArchiveLayout.Blob(ArchiveLayout.MonthPagePath(list, month, number)))
                .Concat(list.IsHome ? kept.Select(number => ArchiveLayout.SitemapPath(month, number).TrimStart('/')) : [])
                .ToHashSet(StringComparer.Ordinal);
            gone.Add(ArchiveLayout.Blob(ArchiveLayout.MonthPath(list, month)));
            gone.AddRange(await web.ListAsync(ArchiveLayout.MonthPath(list, month).TrimStart('/') + "page/", cancellationToken));
            if (list.IsHome)
            {
                gone.Add(ArchiveLayout.SitemapPath(month).TrimStart('/'));
                gone.AddRange(await web.ListAsync(ArchiveLayout.SitemapPrefix(month), cancellationToken));
            }

            gone = [.. gone.Where(blob => !keptBlobs.Contains(blob))];
        }

        foreach (var blob in gone.Distinct(StringComparer.Ordinal))
        {
            written += await web.DeleteVersionedAsync(blob, claim.Version, cancellationToken) ? 1 : 0;
        }

        var extra = empty ? "" : string.Join('.', plan.Map.Numbers.Where(number => number != 1).Order());
        return written + await UpdateIndexAsync(
            list,
            index =>
            {
                var changed = empty ? index.Months.Remove(month) : index.Months.Add(month);
                return index.SetPages(month, list.IsHome ? extra : "") | changed;
            },
            cancellationToken);
    }

    private Task<IReadOnlyList<Entry>> RangeAsync(SiteList list, ArchiveMonth month, MonthPageMap map, int index, CancellationToken cancellationToken)
    {
        var (from, to) = map.RangeOf(index);
        return resources.ListMonthRangeAsync(list.Category, list.Tag, month, from, to, cancellationToken);
    }

    /// <summary>
    /// A full republish's step for a list: its archive index (and the sitemap index, for the home
    /// list) with the months the list's rows have now (a request per month), rendered again with
    /// today's templates and written when its months or its bytes differ from what is stored.
    /// </summary>
    public async Task<int> RefreshIndexAsync(SiteList list, CancellationToken cancellationToken)
    {
        var months = await resources.ListMonthsAsync(list.Category, list.Tag, cancellationToken);
        return await UpdateIndexAsync(
            list,
            known =>
            {
                var dropped = known.DropPagesOutside(months);
                if (known.Months.SetEquals(months))
                {
                    return dropped;
                }

                known.Months.Clear();
                known.Months.UnionWith(months);
                return true;
            },
            cancellationToken,
            rerender: true);
    }

    /// <summary>
    /// The archive index lists the months with entries; the set is kept in the index blob's own
    /// metadata and changed by compare-and-swap on its ETag, so months updating it at once each
    /// keep the other's change. When the blob is missing, the months are found from storage (a
    /// request per month). Its revision versions the sitemap index written from it. With
    /// <paramref name="rerender"/>, an index whose months did not change is still written when its
    /// rendering (or the sitemap index's) differs from what is stored: a new render version. For
    /// the home list the metadata also names each month's pages past the first (their sitemaps are
    /// in the sitemap index); when the blob is missing they are read from the months' maps.
    /// </summary>
    private async Task<int> UpdateIndexAsync(SiteList list, Func<ArchiveIndex, bool> change, CancellationToken cancellationToken, bool rerender = false)
    {
        var blob = ArchiveLayout.Blob(ArchiveLayout.ArchivePath(list));
        for (var attempt = 1; attempt <= MaxIndexAttempts; attempt++)
        {
            var state = await web.StateAsync(blob, cancellationToken);
            ArchiveIndex months;
            long revision;
            if (state is not null && state.Metadata.TryGetValue(MonthsKey, out var stored))
            {
                months = new ArchiveIndex(ParseMonths(stored), state.Metadata.TryGetValue(PagesKey, out var pages) ? pages : null);
                revision = state.Metadata.TryGetValue(RevisionKey, out var text) && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var known) ? known : 0;
                if (!change(months) && !(rerender && await RendersDifferentlyAsync(list, months, state, cancellationToken)))
                {
                    return 0;
                }
            }
            else
            {
                months = new ArchiveIndex([.. await resources.ListMonthsAsync(list.Category, list.Tag, cancellationToken)], null);
                if (list.IsHome)
                {
                    foreach (var month in months.Months)
                    {
                        months.SetPages(month, (await maps.ReadAsync(list, month, cancellationToken)).Map is { } map ? string.Join('.', map.Numbers.Where(number => number != 1).Order()) : "");
                    }
                }

                revision = DateTimeOffset.UtcNow.UtcTicks; // above any revision an index lost before had
                change(months);
            }

            revision++;
            bool done;
            if (months.Months.Count == 0 && !list.IsHome)
            {
                done = state is null || await web.DeleteIfAsync(blob, state.ETag, cancellationToken);
            }
            else
            {
                var metadata = new Dictionary<string, string>
                {
                    [MonthsKey] = string.Join(',', months.Months),
                    [RevisionKey] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                if (months.PagesText is { Length: > 0 } pagesText)
                {
                    metadata[PagesKey] = pagesText;
                }

                done = await web.PutIfAsync(blob, await IndexAsync(list, months), HtmlType, WebContainer.HtmlCache, metadata, state?.ETag, cancellationToken);
            }

            if (!done)
            {
                continue;
            }

            if (list.IsHome)
            {
                // Versioned by the index's revision, not by a claim: always fenced. It is written
                // only when the index was, so its bytes change with it (its months, or a new rendering).
                await web.PutVersionedAsync(ArchiveLayout.SitemapIndex, SitemapIndex(months), "application/xml", WebContainer.HtmlCache, revision, fence: true, _ => Task.FromResult(true), cancellationToken);
            }

            return 1;
        }

        throw new InvalidOperationException($"Could not update the archive index of {list}: other renders kept changing it.");
    }

    /// <summary>Whether today's rendering of an index with these months (or of the sitemap index, for the home list) differs from the stored one.</summary>
    private async Task<bool> RendersDifferentlyAsync(SiteList list, ArchiveIndex months, WebFileState state, CancellationToken cancellationToken)
    {
        if (months.Months.Count == 0 && !list.IsHome)
        {
            return true; // an index with no months goes
        }

        if (!WebContainer.Holds(state, await IndexAsync(list, months), HtmlType, WebContainer.HtmlCache))
        {
            return true;
        }

        return list.IsHome && (await web.StateAsync(ArchiveLayout.SitemapIndex, cancellationToken) is not { } sitemap
            || !WebContainer.Holds(sitemap, SitemapIndex(months), "application/xml", WebContainer.HtmlCache));
    }

    private async Task<byte[]> IndexAsync(SiteList list, ArchiveIndex months)
    {
        var links = months.Months.Select(month => (ArchiveLayout.MonthName(month), ArchiveLayout.MonthPath(list, month))).ToList();
        return Encoding.UTF8.GetBytes(await renderer.MonthsAsync(site, new MonthsPageModel(list.Title, list.Heading, ArchiveLayout.ArchivePath(list), list.BasePath, links)));
    }

    private byte[] SitemapIndex(ArchiveIndex months)
        => Encoding.UTF8.GetBytes(Feeds.SitemapIndex(site, [SiteFiles.SiteSitemapPath, .. months.Months.SelectMany(month => months.PagesOf(month).Prepend(1).Select(number => ArchiveLayout.SitemapPath(month, number)))]));

    private static SortedSet<ArchiveMonth> ParseMonths(string text)
    {
        var months = new SortedSet<ArchiveMonth>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ArchiveMonth.TryParse(part, out var month))
            {
                months.Add(month);
            }
        }

        return months;
    }

    private async Task<int> PutAsync(string blob, string text, string type, RenderClaim claim, CancellationToken cancellationToken)
        => await web.PutVersionedAsync(blob, Encoding.UTF8.GetBytes(text), type, WebContainer.HtmlCache, claim, cancellationToken) == VersionedWrite.Written ? 1 : 0;
}
