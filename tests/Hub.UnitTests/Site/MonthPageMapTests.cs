using Hub.Core.Entries;
using Hub.Site.Publishing;

namespace Hub.UnitTests.Site;

/// <summary>Which archive pages of a month a save or a deletion makes stale: a table over a month of three pages (numbers 1, 2, 3).</summary>
public sealed class MonthPageMapTests
{
    private static readonly DateOnly Day = new(2024, 5, 10);

    /// <summary>Rows read now of each page (-1: not read), and the pages the plan then has, renders and removes.</summary>
    public static TheoryData<string, int[], int[], int[], int[]> Changes() => new()
    {
        { "an entry added to the middle page: that page only", [-1, 21, -1], [1, 2, 3], [2], [] },
        { "an entry edited on the first page: that page only", [20, -1, -1], [1, 2, 3], [1], [] },
        { "an entry deleted from the last page: that page only", [-1, -1, 19], [1, 2, 3], [3], [] },
        { "the first page grows past 40: cut, the new page takes the next number, the page after it links to it", [41, -1, -1], [1, 4, 2, 3], [1, 4, 2], [] },
        { "a burst of 60 into the middle page: cut into four, the last page's link follows", [-1, 80, -1], [1, 2, 4, 5, 6, 3], [2, 4, 5, 6, 3], [] },
        { "the last page shrinks below 10 and joins the page before", [-1, 20, 9], [1, 2], [2], [3] },
        { "the middle page shrinks and joins the first; the last links to the first", [20, 9, -1], [1, 3], [1, 3], [2] },
        { "the first page empties: the second joins it", [0, 20, -1], [1, 3], [1, 3], [2] },
        { "a small page whose neighbour has no room stays", [-1, 35, 9], [1, 2, 3], [2, 3], [] },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_change_renders_only_the_pages_it_touches_and_those_that_link_to_them(string change, int[] read, int[] pages, int[] render, int[] removed)
    {
        var map = new MonthPageMap([new(1, ""), new(2, Position("b")), new(3, Position("c"))]);
        var rows = read.Select((count, index) => (count, index)).Where(page => page.count >= 0)
            .ToDictionary(page => page.index, page => (IReadOnlyList<Entry>)[.. Enumerable.Range(0, page.count).Select(i => Entry($"{(char)('a' + page.index)}-{i:D3}"))]);

        var plan = map.Plan(rows);

        Assert.True(pages.SequenceEqual(plan.Map.Numbers), $"{change}: pages {string.Join(',', plan.Map.Numbers)}");
        Assert.True(render.SequenceEqual(plan.Render), $"{change}: renders {string.Join(',', plan.Render)}");
        Assert.True(removed.SequenceEqual(plan.Removed), $"{change}: removes {string.Join(',', plan.Removed)}");
        Assert.All(plan.Known.Values, shown => Assert.InRange(shown.Count, 0, MonthPageMap.MaxPage));

        // Every row read is on exactly one page of the new map, in order, and each known page holds its range.
        var shownIds = plan.Map.Numbers.Where(plan.Known.ContainsKey).SelectMany(number => plan.Known[number]).Select(entry => entry.Id).ToList();
        Assert.Equal(rows.Values.SelectMany(page => page).Select(entry => entry.Id).Order(StringComparer.Ordinal), shownIds);
        for (var i = 0; i < plan.Map.Pages.Count; i++)
        {
            if (plan.Known.TryGetValue(plan.Map.Pages[i].Number, out var shown))
            {
                Assert.All(shown, entry => Assert.Equal(i, plan.Map.IndexOf(Position(entry.Id))));
            }
        }
    }

    [Fact]
    public void A_month_without_a_map_is_numbered_as_the_old_layout_was_twenty_a_page_from_the_newest()
    {
        var entries = Enumerable.Range(0, 45).Select(i => Entry($"e-{i:D3}")).ToList();

        var map = MonthPageMap.Fresh(entries);

        Assert.Equal([1, 2, 3], map.Numbers);
        Assert.Equal(0, map.IndexOf(Position("e-019")));
        Assert.Equal(1, map.IndexOf(Position("e-020")));
        Assert.Equal(2, map.IndexOf(Position("e-040")));
        Assert.Equal(1, map.IndexOf(Position("e-039")));
    }

    [Fact]
    public void An_emptied_month_keeps_only_its_first_page_with_nothing_on_it()
    {
        var plan = MonthPageMap.Empty.Plan(new Dictionary<int, IReadOnlyList<Entry>> { [0] = [] });

        Assert.Equal([1], plan.Map.Numbers);
        Assert.Empty(plan.Known[1]);
    }

    [Theory]
    [InlineData("1:")]
    [InlineData("1:;4:79759489|b;2:79759489|c")]
    public void A_map_is_stored_as_text_and_read_back(string text) => Assert.Equal(text, MonthPageMap.Parse(text)!.Serialize());

    [Theory]
    [InlineData("")]
    [InlineData("2:")]
    [InlineData("1:;2:79759489|c;3:79759489|b")]
    [InlineData("1:;1:79759489|b")]
    [InlineData("1:;x:79759489|b")]
    public void A_map_out_of_order_or_garbled_is_not_read(string text) => Assert.Null(MonthPageMap.Parse(text));

    private static string Position(string id) => EntryRepository.PositionOf(Day, id);

    private static Entry Entry(string id) => new(id, id, "", null, null, Day, null, [], false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}
