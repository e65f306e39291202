using Hub.Core.Publishing;
using Hub.Site.Rendering;

namespace Hub.Site.Publishing;

/// <summary>
/// A list of entries the site shows: the home list (every entry), a category's or a tag's. Each
/// has a front page with its newest entries and a feed, and an archive by month.
/// </summary>
public sealed record SiteList(string? Category, string? Tag)
{
    public static readonly SiteList Home = new(null, null);

    public static SiteList OfCategory(string category) => new(category, null);

    public static SiteList OfTag(string tag) => new(null, tag);

    public bool IsHome => Category is null && Tag is null;

    /// <summary>Every list an entry with this listing appears on: home, its category, each tag.</summary>
    public static IEnumerable<SiteList> Of(EntryListing listing)
    {
        yield return Home;
        if (listing.Category is { } category)
        {
            yield return OfCategory(category);
        }

        foreach (var tag in listing.Tags)
        {
            yield return OfTag(tag);
        }
    }

    /// <summary>The front page's path: "/", "/categories/{category}/", "/tags/{tag}/".</summary>
    public string BasePath => Tag is { } tag ? SiteContext.TagPath(tag) : Category is { } category ? SiteContext.CategoryPath(category) : "/";

    /// <summary>A stable name (slugs only, so safe in a table key): "home", "category|{c}", "tag|{t}".</summary>
    public string Key => Tag is { } tag ? $"tag|{tag}" : Category is { } category ? $"category|{category}" : "home";

    public string Title => Tag is { } tag ? $"Tag: {tag}" : Category is { } category ? $"Category: {category}" : "Entries";

    public string Heading => Tag is { } tag ? $"Tagged #{tag}" : Category is { } category ? $"Category: {category}" : "The Hub";

    public string Lede => Tag is { } tag ? $"Entries tagged {tag}, newest first."
        : Category is { } category ? $"Entries in the category {category}, newest first."
        : "Resources on the tech industry's contracts with government and law-enforcement agencies, and the surveillance technology they sell.";

    public string FeedTitle => Tag is { } tag ? $"Entries tagged {tag}" : Category is { } category ? $"Entries in {category}" : "Entries";

    public string FeedPath => BasePath + "feed.atom";

    public override string ToString() => Key;
}
