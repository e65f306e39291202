using System.Globalization;
using System.Text.RegularExpressions;
using Hub.Core.Entries;

namespace Hub.Site.Publishing;

/// <summary>
/// Where a list's pages live, and which entries each shows. Pages are grouped by the month of the
/// entries' publication date, as WordPress's archives are, so an entry (new, back-dated, moved or
/// imported in bulk) changes only the pages of its own months: a page's address never comes to
/// mean other entries because entries were added elsewhere.
/// <list type="bullet">
/// <item><c>{list}</c>: the front page, the newest <see cref="PageSize"/> entries, and the feed;</item>
/// <item><c>{list}archive/</c>: every month that has entries;</item>
/// <item><c>{list}archive/{yyyy}/{mm}/</c> (or <c>archive/undated/</c>): that month's entries, newest
/// first, the older ones at <c>…/{mm}/page/{n}/</c>: pages anchored at stable positions, so a change
/// moves only the page its entry is on (<see cref="MonthPageMap"/>, which also says why numbers are
/// names there, not ranks);</item>
/// <item><c>{list}page/{n}/</c>: the addresses of the old layout (pages counted from the newest),
/// kept as small pages that send the reader to the archive.</item>
/// </list>
/// The sitemap follows the same months: <c>/sitemap.xml</c> is an index of <c>/sitemaps/{yyyy-mm}.xml</c>,
/// each naming one month's entries and archive pages.
/// </summary>
public static partial class ArchiveLayout
{
    /// <summary>Entries per page (the front page, each page of a month).</summary>
    public const int PageSize = 20;

    public const string SitemapIndex = "sitemap.xml";

    public static string ArchivePath(SiteList list) => list.BasePath + "archive/";

    public static string MonthPath(SiteList list, ArchiveMonth month)
        => month.IsUndated
            ? ArchivePath(list) + "undated/"
            : ArchivePath(list) + string.Create(CultureInfo.InvariantCulture, $"{month.Year:D4}/{month.Month:D2}/");

    /// <summary>Page <paramref name="number"/> (from 1, newest first) of a month.</summary>
    public static string MonthPagePath(SiteList list, ArchiveMonth month, int number)
        => number == 1 ? MonthPath(list, month) : MonthPath(list, month) + string.Create(CultureInfo.InvariantCulture, $"page/{number}/");

    /// <summary>The sitemap of page <paramref name="number"/> of a month of the home list: <c>/sitemaps/2024-05.xml</c> for the first, <c>/sitemaps/2024-05.3.xml</c> for page 3.</summary>
    public static string SitemapPath(ArchiveMonth month, int number = 1)
        => number == 1 ? $"/sitemaps/{month}.xml" : string.Create(CultureInfo.InvariantCulture, $"/sitemaps/{month}.{number}.xml");

    /// <summary>The blob prefix that every sitemap of a month's pages starts with.</summary>
    public static string SitemapPrefix(ArchiveMonth month) => $"sitemaps/{month}.";

    /// <summary>The blob of a page's path ("/x/" → "x/index.html").</summary>
    public static string Blob(string path) => path.TrimStart('/') + (path.EndsWith('/') ? "index.html" : "");

    public static string MonthName(ArchiveMonth month)
        => month.IsUndated ? "Undated" : new DateOnly(month.Year, month.Month, 1).ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// A month's entries cut into pages of <see cref="PageSize"/>, newest first, as a month without a
    /// page map is numbered (<see cref="MonthPageMap.Fresh"/>; at least one page, so an emptied month's
    /// first page can say so): each with its path and its neighbours within the month.
    /// </summary>
    public static IReadOnlyList<ArchivePage> Paginate(SiteList list, ArchiveMonth month, IReadOnlyList<Entry> entries)
    {
        var count = Math.Max(1, (entries.Count + PageSize - 1) / PageSize);
        return [.. Enumerable.Range(1, count).Select(number => new ArchivePage(
            number,
            MonthPagePath(list, month, number),
            [.. entries.Skip((number - 1) * PageSize).Take(PageSize)],
            number > 1 ? MonthPagePath(list, month, number - 1) : null,
            number < count ? MonthPagePath(list, month, number + 1) : null))];
    }

    /// <summary>
    /// The list an address of the old layout (<c>page/{n}/</c> under a list, counted from the
    /// newest) belongs to, or null when the blob is not one.
    /// </summary>
    public static SiteList? OldListPage(string blob)
    {
        var match = OldPage().Match(blob);
        if (!match.Success)
        {
            return null;
        }

        return match.Groups["kind"].Value switch
        {
            "categories" => SiteList.OfCategory(match.Groups["name"].Value),
            "tags" => SiteList.OfTag(match.Groups["name"].Value),
            _ => SiteList.Home,
        };
    }

    /// <summary>The unit a rendered blob belongs to (so a full publish can render, or remove, what is left of something gone), or null.</summary>
    public static PageUnit? UnitOf(string blob)
    {
        if (blob.Split('/') is ["entries", var id, _])
        {
            return new PageUnit.Entry(id);
        }

        if (blob.Split('/') is ["sitemaps", var file] && file.EndsWith(".xml", StringComparison.Ordinal) && ArchiveMonth.TryParse(file[..^4].Split('.')[0], out var sitemapMonth))
        {
            return new PageUnit.Month(SiteList.Home, sitemapMonth);
        }

        var match = ListBlob().Match(blob);
        if (!match.Success)
        {
            return null;
        }

        var list = match.Groups["kind"].Value switch
        {
            "categories" => SiteList.OfCategory(match.Groups["name"].Value),
            "tags" => SiteList.OfTag(match.Groups["name"].Value),
            _ => SiteList.Home,
        };
        var rest = match.Groups["rest"].Value;
        if (rest is "index.html" or "feed.atom" or "archive/index.html")
        {
            return new PageUnit.Front(list);
        }

        var month = MonthBlob().Match(rest);
        return month.Success && ArchiveMonth.TryParse(month.Groups["undated"].Success ? "undated" : $"{month.Groups["y"].Value}-{month.Groups["m"].Value}", out var period)
            ? new PageUnit.Month(list, period)
            : null;
    }

    [GeneratedRegex(@"\A(?:(?<kind>categories|tags)/(?<name>[^/]+)/)?(?<rest>.+)\z")]
    private static partial Regex ListBlob();

    [GeneratedRegex(@"\Aarchive/(?:(?<undated>undated)|(?<y>[0-9]{4})/(?<m>[0-9]{2}))/")]
    private static partial Regex MonthBlob();

    [GeneratedRegex(@"\A(?:(?<kind>categories|tags)/(?<name>[^/]+)/)?page/[0-9]+/index\.html\z")]
    private static partial Regex OldPage();
}

/// <summary>One page of a month: which entries, and the pages newer and older within the month.</summary>
public sealed record ArchivePage(int Number, string Path, IReadOnlyList<Entry> Entries, string? NewerPath, string? OlderPath);
