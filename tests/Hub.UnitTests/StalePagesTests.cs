using Hub.Core.Entries;
using Hub.Core.Publishing;
using Hub.Site.Publishing;

namespace Hub.UnitTests;

/// <summary>What a change makes stale, decided from the change alone: a table of cases, each with the units it must name.</summary>
public sealed class StalePagesTests
{
    private static EntryListing Listing(string? date, string? category, params string[] tags)
        => new(date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), category, tags);

    /// <summary>Units written short: "entry", "front:home", "front:category|x", "month:home|2024-05", "month:tag|t|undated".</summary>
    public static TheoryData<string, EntryListing?, EntryListing?, string[]> EntrySaves() => new()
    {
        {
            "created, dated, in a category with a tag", null, Listing("2024-05-01", "reports", "police"),
            ["entry", "front:home", "month:home|2024-05", "front:category|reports", "month:category|reports|2024-05", "front:tag|police", "month:tag|police|2024-05"]
        },
        {
            "created without a date, category or tags", null, Listing(null, null),
            ["entry", "front:home", "month:home|undated"]
        },
        {
            "edited in place: the same lists and month", Listing("2024-05-01", "reports"), Listing("2024-05-20", "reports"),
            ["entry", "front:home", "month:home|2024-05", "front:category|reports", "month:category|reports|2024-05"]
        },
        {
            "back-dated: leaves its month for an old one, in every list", Listing("2024-05-01", null, "ice"), Listing("2019-11-30", null, "ice"),
            ["entry", "front:home", "month:home|2024-05", "month:home|2019-11", "front:tag|ice", "month:tag|ice|2024-05", "month:tag|ice|2019-11"]
        },
        {
            "moved to another category: leaves the old list", Listing("2024-05-01", "reports"), Listing("2024-05-01", "contracts"),
            ["entry", "front:home", "month:home|2024-05", "front:category|reports", "month:category|reports|2024-05", "front:category|contracts", "month:category|contracts|2024-05"]
        },
        {
            "a tag dropped and one added", Listing("2024-05-01", null, "a", "b"), Listing("2024-05-01", null, "b", "c"),
            ["entry", "front:home", "month:home|2024-05", "front:tag|a", "month:tag|a|2024-05", "front:tag|b", "month:tag|b|2024-05", "front:tag|c", "month:tag|c|2024-05"]
        },
        {
            "deleted: every list it was on", Listing("2024-05-01", "reports", "police"), null,
            ["entry", "front:home", "month:home|2024-05", "front:category|reports", "month:category|reports|2024-05", "front:tag|police", "month:tag|police|2024-05"]
        },
        {
            "deleted, listing unknown (a retried delete): its page only", null, null,
            ["entry"]
        },
    };

    [Theory]
    [MemberData(nameof(EntrySaves))]
    public void An_entry_save_makes_stale_its_page_and_the_lists_it_was_and_is_on(string change, EntryListing? before, EntryListing? after, string[] expected)
    {
        var units = StalePages.ForEntry("e1", before, after);

        Assert.True(units.Count == units.Distinct().Count(), change);
        Assert.Equal(expected.Order(StringComparer.Ordinal), units.Select(Short).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_units_an_entry_save_names_are_bounded_by_its_lists_not_by_the_site()
    {
        // Ten tags, moved to another month and category: the most a save can name.
        var tags = Enumerable.Range(0, 10).Select(i => $"t{i}").ToArray();
        var units = StalePages.ForEntry("e1", Listing("2020-01-01", "a", tags), Listing("2024-01-01", "b", tags));

        Assert.Equal(1 + 3 + (2 * 2) + (10 * 3), units.Count); // its page; home's front and two months; each category's front and month; each tag's front and two months
    }

    [Fact]
    public void A_save_names_in_each_month_only_the_positions_its_entry_had_and_has_there()
    {
        var units = StalePages.ForEntry("e1", Listing("2024-05-01", null), Listing("2024-05-20", null)).OfType<PageUnit.MonthPages>().ToList();

        var pages = Assert.Single(units);
        Assert.Equal(
            [EntryRepository.PositionOf(new DateOnly(2024, 5, 20), "e1"), EntryRepository.PositionOf(new DateOnly(2024, 5, 1), "e1")],
            pages.At);
        Assert.Equal(new PageUnit.Month(SiteList.Home, new ArchiveMonth(2024, 5)).Key, pages.Key); // claimed and versioned with the whole month
        Assert.False(pages.Coalesces);
    }

    public static TheoryData<string, IReadOnlyList<PageUnit>, string[]> OtherChanges() => new()
    {
        { "a comment approved, unapproved, withdrawn or erased", StalePages.ForDiscussion("e1"), ["entry"] },
        { "the discussion rules, for a batch of entries", StalePages.ForRules(["e1", "e2"]), ["entry", "entry:e2"] },
    };

    [Theory]
    [MemberData(nameof(OtherChanges))]
    public void Other_changes_make_stale_only_entry_pages(string change, IReadOnlyList<PageUnit> units, string[] expected)
        => Assert.True(expected.SequenceEqual(units.Select(Short)), change);

    private static string Short(PageUnit unit) => unit switch
    {
        PageUnit.Entry { EntryId: "e1" } => "entry",
        PageUnit.Entry entry => $"entry:{entry.EntryId}",
        PageUnit.Front front => $"front:{front.List.Key}",
        PageUnit.Month month => $"month:{month.List.Key}|{month.Period}",
        PageUnit.MonthPages pages => $"month:{pages.List.Key}|{pages.Period}",
        _ => unit.Key,
    };
}
