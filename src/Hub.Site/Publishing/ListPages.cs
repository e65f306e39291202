using System.Text;
using Hub.Core.Entries;
using Hub.Site.Rendering;

namespace Hub.Site.Publishing;

/// <summary>
/// The pages of a list (<see cref="ArchiveLayout"/>): its front page and feed, one month of its
/// archive, its archive index, and for the home list the sitemap. Each reads only the rows it
/// shows: the newest entries, or one month's.
/// </summary>
public sealed class ListPages(PageRenderer renderer, WebContainer web, SiteContext site, EntryRepository resources)
{
    private const string HtmlType = "text/html; charset=utf-8";
    private const string MonthsKey = "months";
    private const string RevisionKey = "revision";
    private const int MaxIndexAttempts = 10;

    /// <summary>The front page (the newest entries, and where the older ones are) and the feed; both removed when a category or tag has no entries left.</summary>
    public async Task<int> RenderFrontAsync(SiteList list, RenderClaim claim, CancellationToken cancellationToken)
    {
        var newest = (await resources.ListAsync(new EntryQuery(list.Category, list.Tag, null, ArchiveLayout.PageSize + 1) { IncludeBody = true }, cancellationToken)).Items;
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
    /// One month of a list: its pages (those past the month's end removed), then the archive
    /// index learns whether the month has entries; for the home list, the month's sitemap too.
    /// </summary>
    public async Task<int> RenderMonthAsync(SiteList list, ArchiveMonth month, RenderClaim claim, CancellationToken cancellationToken)
    {
        var entries = await resources.ListMonthAsync(list.Category, list.Tag, month, cancellationToken);
        var pages = entries.Count == 0 ? [] : ArchiveLayout.Paginate(list, month, entries);
        var written = 0;
        var name = ArchiveLayout.MonthName(month);
        foreach (var page in pages)
        {
            var title = page.Number == 1 ? $"{list.Title}: {name}" : $"{list.Title}: {name} (page {page.Number})";
            var model = new ListPageModel(title, $"{list.Heading}: {name}", $"Entries published in {name}, newest first.", page.Path, page.Entries, page.NewerPath, page.OlderPath, list.FeedTitle, list.FeedPath, false, ArchiveLayout.ArchivePath(list));
            written += await PutAsync(ArchiveLayout.Blob(page.Path), await renderer.ListAsync(site, model), HtmlType, claim, cancellationToken);
        }

        var kept = pages.Select(page => ArchiveLayout.Blob(page.Path)).ToHashSet(StringComparer.Ordinal);
        var monthBlob = ArchiveLayout.Blob(ArchiveLayout.MonthPath(list, month));
        if (!kept.Contains(monthBlob) && await web.DeleteVersionedAsync(monthBlob, claim.Version, cancellationToken))
        {
            written++;
        }

        foreach (var blob in await web.ListAsync(ArchiveLayout.MonthPath(list, month).TrimStart('/') + "page/", cancellationToken))
        {
            if (!kept.Contains(blob) && await web.DeleteVersionedAsync(blob, claim.Version, cancellationToken))
            {
                written++;
            }
        }

        if (list.IsHome)
        {
            var sitemap = ArchiveLayout.SitemapPath(month).TrimStart('/');
            if (entries.Count == 0)
            {
                written += await web.DeleteVersionedAsync(sitemap, claim.Version, cancellationToken) ? 1 : 0;
            }
            else
            {
                var paths = pages.Select(page => page.Path)
                    .Concat(entries.SelectMany(entry => SiteList.Of(Hub.Core.Publishing.EntryListing.Of(entry))).Where(other => !other.IsHome).Select(other => other.BasePath))
                    .Distinct(StringComparer.Ordinal);
                written += await PutAsync(sitemap, Feeds.Sitemap(site, entries, paths), "application/xml", claim, cancellationToken);
            }
        }

        return written + await UpdateIndexAsync(list, months => entries.Count > 0 ? months.Add(month) : months.Remove(month), cancellationToken);
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
                if (known.SetEquals(months))
                {
                    return false;
                }

                known.Clear();
                known.UnionWith(months);
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
    /// rendering (or the sitemap index's) differs from what is stored: a new render version.
    /// </summary>
    private async Task<int> UpdateIndexAsync(SiteList list, Func<SortedSet<ArchiveMonth>, bool> change, CancellationToken cancellationToken, bool rerender = false)
    {
        var blob = ArchiveLayout.Blob(ArchiveLayout.ArchivePath(list));
        for (var attempt = 1; attempt <= MaxIndexAttempts; attempt++)
        {
            var state = await web.StateAsync(blob, cancellationToken);
            SortedSet<ArchiveMonth> months;
            long revision;
            if (state is not null && state.Metadata.TryGetValue(MonthsKey, out var stored))
            {
                months = ParseMonths(stored);
                revision = state.Metadata.TryGetValue(RevisionKey, out var text) && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var known) ? known : 0;
                if (!change(months) && !(rerender && await RendersDifferentlyAsync(list, months, state, cancellationToken)))
                {
                    return 0;
                }
            }
            else
            {
                months = [.. await resources.ListMonthsAsync(list.Category, list.Tag, cancellationToken)];
                revision = DateTimeOffset.UtcNow.UtcTicks; // above any revision an index lost before had
                change(months);
            }

            revision++;
            bool done;
            if (months.Count == 0 && !list.IsHome)
            {
                done = state is null || await web.DeleteIfAsync(blob, state.ETag, cancellationToken);
            }
            else
            {
                var metadata = new Dictionary<string, string>
                {
                    [MonthsKey] = string.Join(',', months),
                    [RevisionKey] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
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
    private async Task<bool> RendersDifferentlyAsync(SiteList list, SortedSet<ArchiveMonth> months, WebFileState state, CancellationToken cancellationToken)
    {
        if (months.Count == 0 && !list.IsHome)
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

    private async Task<byte[]> IndexAsync(SiteList list, SortedSet<ArchiveMonth> months)
    {
        var links = months.Select(month => (ArchiveLayout.MonthName(month), ArchiveLayout.MonthPath(list, month))).ToList();
        return Encoding.UTF8.GetBytes(await renderer.MonthsAsync(site, new MonthsPageModel(list.Title, list.Heading, ArchiveLayout.ArchivePath(list), list.BasePath, links)));
    }

    private byte[] SitemapIndex(SortedSet<ArchiveMonth> months)
        => Encoding.UTF8.GetBytes(Feeds.SitemapIndex(site, [SiteFiles.SiteSitemapPath, .. months.Select(ArchiveLayout.SitemapPath)]));

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
