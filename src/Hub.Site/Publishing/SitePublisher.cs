using Hub.Core.Entries;
using Hub.Core.Publishing;
using Microsoft.Extensions.Logging;

namespace Hub.Site.Publishing;

/// <summary>
/// The site's side of a committed change: decides what it makes stale (<see cref="StalePages"/>)
/// and renders each unit through <see cref="PageClaims"/>, coalesced with every other process's
/// renders and versioned so that none overwrites a newer one. Failures are thrown, so the
/// follow-up that called tries again.
/// </summary>
public sealed partial class SitePublisher(
    PageClaims claims,
    EntryPages entryPages,
    ListPages listPages,
    SiteFiles files,
    WebContainer web,
    EntryRepository resources,
    ILogger<SitePublisher> logger) : IPageUpdates
{
    /// <summary>Entry pages one <see cref="RulesChangedAsync"/> call renders.</summary>
    public const int RulesBatch = 25;

    /// <summary>Units rendered at once within one call (a save's lists, a batch of entries, a full publish).</summary>
    private const int Parallelism = 4;

    public Task EntryChangedAsync(string entryId, EntryListing? before, EntryListing? after, CancellationToken cancellationToken)
        => RenderAsync(StalePages.ForEntry(entryId, before, after), cancellationToken);

    public Task DiscussionChangedAsync(string entryId, CancellationToken cancellationToken)
        => RenderAsync(StalePages.ForDiscussion(entryId), cancellationToken);

    public async Task<string?> RulesChangedAsync(string? cursor, CancellationToken cancellationToken)
    {
        var (ids, next) = await resources.ListIdsAsync(cursor, RulesBatch, cancellationToken);
        await RenderAsync(StalePages.ForRules(ids), cancellationToken);
        return next;
    }

    /// <summary>
    /// Everything, idempotently: the site's files from <paramref name="staticWebRoot"/> (when given),
    /// config.json, the 404 page, robots.txt, every entry page and every list's pages, each unit
    /// through the same claims and versioned writes as a single change (so a republish and a
    /// change racing never leave the older render on a page). Pages of entries, lists and months
    /// that are gone are removed; old list addresses are kept as pages pointing to the archive.
    /// Unchanged files are not uploaded again. Returns how many files were written.
    /// </summary>
    public async Task<int> PublishAllAsync(string? staticWebRoot, CancellationToken cancellationToken)
    {
        var written = staticWebRoot is null ? 0 : await files.PublishFolderAsync(staticWebRoot, cancellationToken);
        await files.LoadAssetsAsync(cancellationToken);
        written += await files.PublishFixedAsync(cancellationToken);

        var entries = await AllEntriesAsync(cancellationToken);
        var units = new HashSet<PageUnit>();
        var months = new Dictionary<SiteList, SortedSet<ArchiveMonth>> { [SiteList.Home] = [] };
        foreach (var entry in entries)
        {
            units.Add(new PageUnit.Entry(entry.Id));
            foreach (var list in SiteList.Of(EntryListing.Of(entry)))
            {
                units.Add(new PageUnit.Front(list));
                units.Add(new PageUnit.Month(list, ArchiveMonth.Of(entry.PublishedOn)));
                (months.TryGetValue(list, out var set) ? set : months[list] = []).Add(ArchiveMonth.Of(entry.PublishedOn));
            }
        }

        units.Add(new PageUnit.Front(SiteList.Home));
        var moved = new List<(string Blob, SiteList List)>();
        foreach (var prefix in new[] { "entries/", "page/", "archive/", "sitemaps/", "categories/", "tags/" })
        {
            foreach (var blob in await web.ListAsync(prefix, cancellationToken))
            {
                if (ArchiveLayout.OldListPage(blob) is { } old)
                {
                    moved.Add((blob, old));
                }
                else if (ArchiveLayout.UnitOf(blob) is { } unit)
                {
                    units.Add(unit); // a page of something gone: its render removes it
                }
            }
        }

        var counted = 0;
        await Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (unit, token) =>
        {
            var count = 0;
            await claims.RequestAsync(unit, async (claim, inner) => count = await RenderUnitAsync(unit, claim, inner), token);
            Interlocked.Add(ref counted, count);
        });
        written += counted;

        foreach (var list in units.OfType<PageUnit.Front>().Select(front => front.List).Distinct())
        {
            written += await listPages.ReplaceIndexAsync(list, months.TryGetValue(list, out var set) ? set : [], cancellationToken);
        }

        foreach (var (blob, list) in moved)
        {
            if (months.ContainsKey(list))
            {
                written += await files.PublishMovedAsync(blob, list, cancellationToken) ? 1 : 0;
            }
            else
            {
                await web.DeleteAsync(blob, cancellationToken);
            }
        }

        LogPublishedAll(logger, written, units.Count);
        return written;
    }

    private async Task RenderAsync(IReadOnlyList<PageUnit> units, CancellationToken cancellationToken)
    {
        await files.LoadAssetsAsync(cancellationToken);
        await Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (unit, token) =>
        {
            try
            {
                await claims.RequestAsync(unit, async (claim, inner) =>
                {
                    var written = await RenderUnitAsync(unit, claim, inner);
                    LogRendered(logger, unit.Key, claim.Version, written);
                }, token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, unit.Key, exception);
                throw;
            }
        });
    }

    private Task<int> RenderUnitAsync(PageUnit unit, RenderClaim claim, CancellationToken cancellationToken) => unit switch
    {
        PageUnit.Entry entry => entryPages.RenderAsync(entry.EntryId, claim, cancellationToken),
        PageUnit.Front front => listPages.RenderFrontAsync(front.List, claim, cancellationToken),
        PageUnit.Month month => listPages.RenderMonthAsync(month.List, month.Period, claim, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Not a unit of the site."),
    };

    private async Task<List<Entry>> AllEntriesAsync(CancellationToken cancellationToken)
    {
        var entries = new List<Entry>();
        string? cursor = null;
        do
        {
            var page = await resources.ListAsync(new EntryQuery(null, null, null, EntryQuery.MaxLimit, cursor), cancellationToken);
            entries.AddRange(page.Items);
            cursor = page.NextCursor is { } next && EntryCursor.TryDecode(next, out var position) ? position : null;
        }
        while (cursor is not null);

        return entries;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published the site: {Written} files written, {Units} units rendered")]
    private static partial void LogPublishedAll(ILogger logger, int written, int units);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rendered {Unit} at version {Version}: {Written} files written")]
    private static partial void LogRendered(ILogger logger, string unit, long version, int written);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not render {Unit}; the caller tries again, and the next full publish repairs it")]
    private static partial void LogFailed(ILogger logger, string unit, Exception exception);
}
