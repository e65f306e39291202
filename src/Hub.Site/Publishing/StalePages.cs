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

    /// <summary>Whether a caller may return on seeing another render of the unit claimed after its change (false: that render may not cover what this one must).</summary>
    public virtual bool Coalesces => true;

    /// <summary>
    /// Every page of one month of a list's archive (a full republish, or a month found in $web); with them, the list's archive index learns
    /// whether the month has entries, and for the home list the month's sitemap (and the sitemap
    /// index) follow.
    /// </summary>
    public sealed record Month(SiteList List, ArchiveMonth Period) : PageUnit
    {
        public override string Key => $"month|{List.Key}|{Period}";
    }

    /// <summary>
    /// The pages of one month of a list that hold the given positions (an entry's before and
    /// after, <see cref="EntryRepository.PositionOf"/>), and what their change moves (see
    /// <see cref="MonthPageMap"/>): a bounded part of the month, however many entries it has. It
    /// shares the month's key, so its renders and the month's are claimed and versioned as one
    /// unit; it does not coalesce with a render of other positions.
    /// </summary>
    public sealed record MonthPages(SiteList List, ArchiveMonth Period, string Positions) : PageUnit
    {
        public override string Key => $"month|{List.Key}|{Period}";

        public override bool Coalesces => false;

        /// <summary>The positions, in order.</summary>
        public IReadOnlyList<string> At => Positions.Split(' ');

        public static MonthPages Of(SiteList list, ArchiveMonth period, IEnumerable<string> positions)
            => new(list, period, string.Join(' ', positions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));
    }
}

/// <summary>What a change makes stale: decided from the change alone, with no read.</summary>
public static class StalePages
{
    /// <summary>
    /// An entry saved (or created: <paramref name="before"/> null; or deleted: <paramref name="after"/>
    /// null): its page; for every list it was on before or is on after, that list's front page and
    /// feed; in the month (before and after) of each of those lists, the pages that hold its
    /// positions there (<see cref="PageUnit.MonthPages"/>), which carry the archive index and, for
    /// the home list, their sitemaps.
    /// </summary>
    public static IReadOnlyList<PageUnit> ForEntry(string entryId, EntryListing? before, EntryListing? after)
    {
        var units = new List<PageUnit> { new PageUnit.Entry(entryId) };
        var months = new List<(SiteList List, ArchiveMonth Month, string Position)>();
        foreach (var listing in new[] { before, after }.OfType<EntryListing>())
        {
            var month = ArchiveMonth.Of(listing.PublishedOn);
            var position = EntryRepository.PositionOf(listing.PublishedOn, entryId);
            foreach (var list in SiteList.Of(listing))
            {
                units.Add(new PageUnit.Front(list));
                months.Add((list, month, position));
            }
        }

        units.AddRange(months.GroupBy(at => (at.List, at.Month)).Select(group => PageUnit.MonthPages.Of(group.Key.List, group.Key.Month, group.Select(at => at.Position))));
        return [.. units.Distinct()];
    }

    /// <summary>An entry's public comments changed: its page and comments feed (list pages show no comments).</summary>
    public static IReadOnlyList<PageUnit> ForDiscussion(string entryId) => [new PageUnit.Entry(entryId)];

    /// <summary>The discussion rules changed: each entry's page (its form, open or closed), nothing else.</summary>
    public static IReadOnlyList<PageUnit> ForRules(IEnumerable<string> entryIds) => [.. entryIds.Select(id => new PageUnit.Entry(id))];
}
