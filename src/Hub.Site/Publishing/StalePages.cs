using Hub.Core.Entries;
using Hub.Core.Publishing;

namespace Hub.Site.Publishing;

/// <summary>
/// A unit of rendering: the files that are rendered together from one read and are coalesced and
/// versioned together. <see cref="Key"/> names its row in the Pages table.
/// </summary>
public abstract record PageUnit
{
    public abstract string Key { get; }

    /// <summary>An entry's page and its comments feed.</summary>
    public sealed record Entry(string EntryId) : PageUnit
    {
        public override string Key => $"entry|{EntryId}";
    }

    /// <summary>A list's front page (its newest entries) and its feed.</summary>
    public sealed record Front(SiteList List) : PageUnit
    {
        public override string Key => $"front|{List.Key}";
    }

    /// <summary>
    /// The pages of one month of a list's archive; with them, the list's archive index learns
    /// whether the month has entries, and for the home list the month's sitemap (and the sitemap
    /// index) follow.
    /// </summary>
    public sealed record Month(SiteList List, ArchiveMonth Period) : PageUnit
    {
        public override string Key => $"month|{List.Key}|{Period}";
    }
}

/// <summary>What a change makes stale: decided from the change alone, with no read.</summary>
public static class StalePages
{
    /// <summary>
    /// An entry saved (or created: <paramref name="before"/> null; or deleted: <paramref name="after"/>
    /// null): its page; for every list it was on before or is on after, that list's front page and
    /// feed; the month (before and after) of each of those lists, which carries the archive index
    /// and, for the home list, the sitemap.
    /// </summary>
    public static IReadOnlyList<PageUnit> ForEntry(string entryId, EntryListing? before, EntryListing? after)
    {
        var units = new List<PageUnit> { new PageUnit.Entry(entryId) };
        foreach (var listing in new[] { before, after }.OfType<EntryListing>())
        {
            var month = ArchiveMonth.Of(listing.PublishedOn);
            foreach (var list in SiteList.Of(listing))
            {
                units.Add(new PageUnit.Front(list));
                units.Add(new PageUnit.Month(list, month));
            }
        }

        return [.. units.Distinct()];
    }

    /// <summary>An entry's public comments changed: its page and comments feed (list pages show no comments).</summary>
    public static IReadOnlyList<PageUnit> ForDiscussion(string entryId) => [new PageUnit.Entry(entryId)];

    /// <summary>The discussion rules changed: each entry's page (its form, open or closed), nothing else.</summary>
    public static IReadOnlyList<PageUnit> ForRules(IEnumerable<string> entryIds) => [.. entryIds.Select(id => new PageUnit.Entry(id))];
}
