using Hub.Core.Entries;
using Hub.Site.Publishing;

namespace Hub.UnitTests;

/// <summary>Where a list's pages live and which entries each shows: tables of addresses, and what a new entry moves.</summary>
public sealed class ArchiveLayoutTests
{
    private static readonly SiteList Category = SiteList.OfCategory("reports");
    private static readonly SiteList Tag = SiteList.OfTag("police");

    public static TheoryData<string, string> Addresses() => new()
    {
        { ArchiveLayout.ArchivePath(SiteList.Home), "/archive/" },
        { ArchiveLayout.MonthPath(SiteList.Home, new ArchiveMonth(2024, 5)), "/archive/2024/05/" },
        { ArchiveLayout.MonthPagePath(SiteList.Home, new ArchiveMonth(2024, 5), 3), "/archive/2024/05/page/3/" },
        { ArchiveLayout.MonthPath(SiteList.Home, ArchiveMonth.Undated), "/archive/undated/" },
        { ArchiveLayout.MonthPath(Category, new ArchiveMonth(2019, 11)), "/categories/reports/archive/2019/11/" },
        { ArchiveLayout.MonthPagePath(Tag, new ArchiveMonth(2019, 11), 2), "/tags/police/archive/2019/11/page/2/" },
        { ArchiveLayout.SitemapPath(new ArchiveMonth(2024, 5)), "/sitemaps/2024-05.xml" },
        { ArchiveLayout.SitemapPath(ArchiveMonth.Undated), "/sitemaps/undated.xml" },
        { ArchiveLayout.SitemapPath(new ArchiveMonth(2024, 5), 3), "/sitemaps/2024-05.3.xml" },
        { ArchiveLayout.Blob("/archive/2024/05/"), "archive/2024/05/index.html" },
        { ArchiveLayout.Blob("/feed.atom"), "feed.atom" },
        { Category.FeedPath, "/categories/reports/feed.atom" },
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public void Each_page_has_a_stable_address(string actual, string expected) => Assert.Equal(expected, actual);

    public static TheoryData<string, string?> OldAddresses() => new()
    {
        { "page/2/index.html", "home" },
        { "page/117/index.html", "home" },
        { "categories/reports/page/3/index.html", "category|reports" },
        { "tags/police/page/2/index.html", "tag|police" },
        { "categories/reports/index.html", null },
        { "archive/2024/05/page/2/index.html", null },
        { "tags/police/archive/2024/05/page/2/index.html", null },
        { "page/two/index.html", null },
    };

    [Theory]
    [MemberData(nameof(OldAddresses))]
    public void Old_list_pages_counted_from_the_newest_are_recognised_to_be_kept(string blob, string? list)
        => Assert.Equal(list, ArchiveLayout.OldListPage(blob)?.Key);

    public static TheoryData<string, string?> Blobs() => new()
    {
        { "entries/e1/index.html", "entry|e1" },
        { "entries/e1/comments.atom", "entry|e1" },
        { "index.html", "front|home" },
        { "feed.atom", "front|home" },
        { "categories/reports/index.html", "front|category|reports" },
        { "tags/police/feed.atom", "front|tag|police" },
        { "tags/police/archive/index.html", "front|tag|police" },
        { "archive/2024/05/index.html", "month|home|2024-05" },
        { "archive/2024/05/page/2/index.html", "month|home|2024-05" },
        { "categories/reports/archive/undated/index.html", "month|category|reports|undated" },
        { "sitemaps/2024-05.xml", "month|home|2024-05" },
        { "sitemaps/2024-05.3.xml", "month|home|2024-05" },
        { "sitemaps/site.xml", null },
        { "assets/site.css", null },
    };

    [Theory]
    [MemberData(nameof(Blobs))]
    public void A_rendered_file_belongs_to_one_unit(string blob, string? unit) => Assert.Equal(unit, ArchiveLayout.UnitOf(blob)?.Key);

    public static TheoryData<int, int[]> MonthSizes() => new()
    {
        { 0, [0] },
        { 1, [1] },
        { 20, [20] },
        { 21, [20, 1] },
        { 45, [20, 20, 5] },
    };

    [Theory]
    [MemberData(nameof(MonthSizes))]
    public void A_month_is_cut_into_pages_newest_first_linked_within_the_month(int entries, int[] sizes)
    {
        var month = new ArchiveMonth(2024, 5);
        var pages = ArchiveLayout.Paginate(Category, month, Entries(entries, month));

        Assert.Equal(sizes, pages.Select(page => page.Entries.Count));
        Assert.Null(pages[0].NewerPath);
        Assert.Null(pages[^1].OlderPath);
        for (var i = 1; i < pages.Count; i++)
        {
            Assert.Equal(pages[i - 1].Path, pages[i].NewerPath);
            Assert.Equal(pages[i].Path, pages[i - 1].OlderPath);
        }
    }

    [Fact]
    public void A_new_entry_in_one_month_changes_no_page_of_another_month()
    {
        // Every page of every month, before and after an entry is added to May 2024: only May's pages differ.
        var may = new ArchiveMonth(2024, 5);
        var months = new[] { new ArchiveMonth(2024, 6), may, new ArchiveMonth(2019, 11), ArchiveMonth.Undated };
        var before = months.ToDictionary(month => month, month => Entries(30, month));
        var after = months.ToDictionary(month => month, month => month == may ? [Entry("new", may), .. Entries(30, month)] : Entries(30, month));

        var changed = months.Where(month =>
            !ArchiveLayout.Paginate(SiteList.Home, month, before[month]).Select(Ids)
                .SequenceEqual(ArchiveLayout.Paginate(SiteList.Home, month, after[month]).Select(Ids)))
            .ToList();

        Assert.Equal([may], changed);
    }

    [Theory]
    [InlineData("2024-05", 2024, 5)]
    [InlineData("0001-01", 1, 1)]
    [InlineData("undated", 0, 0)]
    public void Months_are_named_in_addresses_and_read_back(string text, int year, int number)
    {
        Assert.True(ArchiveMonth.TryParse(text, out var month));
        Assert.Equal(new ArchiveMonth(year, number), month);
        Assert.Equal(text, month.ToString());
    }

    [Theory]
    [InlineData("2024-13")]
    [InlineData("2024-5")]
    [InlineData("24-05")]
    [InlineData("")]
    public void Anything_else_is_not_a_month(string text) => Assert.False(ArchiveMonth.TryParse(text, out _));

    [Fact]
    public void Months_sort_newest_first_with_undated_last()
        => Assert.Equal(
            [new ArchiveMonth(2024, 6), new ArchiveMonth(2024, 5), new ArchiveMonth(2019, 12), ArchiveMonth.Undated],
            new SortedSet<ArchiveMonth> { ArchiveMonth.Undated, new(2019, 12), new(2024, 6), new(2024, 5) });

    private static string Ids(ArchivePage page) => string.Join(',', page.Entries.Select(entry => entry.Id)) + page.Path;

    private static Entry[] Entries(int count, ArchiveMonth month) => [.. Enumerable.Range(0, count).Select(i => Entry($"{month}-{i}", month))];

    private static Entry Entry(string id, ArchiveMonth month)
        => new(id, id, "", null, null, month.IsUndated ? null : new DateOnly(month.Year, month.Month, 1), null, [], false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}
