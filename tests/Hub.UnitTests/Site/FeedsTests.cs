using System.Text.RegularExpressions;
using System.Xml.Linq;
using Hub.Core.Comments;
using Hub.Core.Entries;
using Hub.Site.Rendering;
using Hub.Testing;

namespace Hub.UnitTests.Site;

/// <summary>
/// The Atom feeds and the sitemap (<see cref="Feeds"/>): user text stays text, characters XML
/// cannot hold are left out, and every id and link is the site's absolute address.
/// </summary>
public sealed class FeedsTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Sitemaps = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly SiteContext Site = new("https://hub.example/", "https://api.hub.example");
    private static readonly DateTimeOffset Created = new(2024, 5, 1, 8, 30, 0, TimeSpan.Zero);

    private static Entry Entry(string id = "rekognition", string title = "Rekognition", string summary = "Face recognition sold to police.", DateOnly? publishedOn = null, string? category = "surveillance", DateTimeOffset? updatedAt = null)
        => new(id, title, summary, null, null, publishedOn, category, [], false, Created, updatedAt ?? Created.AddDays(1));

    private static PublicComment Comment(string id, string name = "Ada", string content = "Thanks.", int minutes = 0)
        => new(id, null, name, null, content, Created.AddMinutes(minutes));

    private static XElement Feed(string xml) => XDocument.Parse(xml).Root!;

    private static string EntriesFeed(params Entry[] entries) => Feeds.Entries(Site, "Entries", "/feed.atom", "/", entries);

    /// <summary>
    /// Text as a user may write it, and what the feed says once an XML reader has read it back.
    /// Surrogates are written as \uXXXX escapes and unescaped in the test: xunit carries a row's
    /// strings as UTF-8, which would turn a lone surrogate into U+FFFD before the test saw it.
    /// </summary>
    public static TheoryData<string, string> Texts => new()
    {
        { "<script>alert(1)</script>", "<script>alert(1)</script>" },
        { "Tom & Jerry &amp; co", "Tom & Jerry &amp; co" },
        { "\"double\" and 'single' quotes", "\"double\" and 'single' quotes" },
        { "]]> ends a CDATA section", "]]> ends a CDATA section" },
        { "a NUL\u0000 and a bell\u0007 left out", "a NUL and a bell left out" },
        { "escape\u001b[31m and delete\u007f", "escape[31m and delete\u007f" },
        { @"a lone high \ud800 surrogate", "a lone high  surrogate" },
        { @"a lone low \udc00 surrogate", "a lone low  surrogate" },
        { @"reversed \udc00\ud800 pair", "reversed  pair" },
        { @"a pair \ud83d\ude00 kept", @"a pair \ud83d\ude00 kept" },
        { "not characters \ufffe\uffff", "not characters " },
        { "tabs\tand\nnew lines", "tabs\tand\nnew lines" },
        { "right-to-left \u202e override", "right-to-left \u202e override" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void An_entrys_title_and_summary_stay_text(string text, string read)
    {
        (text, read) = (Regex.Unescape(text), Regex.Unescape(read));
        var xml = EntriesFeed(Entry(title: text, summary: text));
        var entry = Feed(xml).Element(Atom + "entry")!;

        Assert.Equal(read, entry.Element(Atom + "title")!.Value);
        Assert.Equal(read, entry.Element(Atom + "summary")!.Value);
        Assert.Equal("text", (string?)entry.Element(Atom + "summary")!.Attribute("type"));
        Assert.DoesNotContain("<script>", xml, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_comments_author_and_content_stay_text(string text, string read)
    {
        (text, read) = (Regex.Unescape(text), Regex.Unescape(read));
        var xml = Feeds.Comments(Site, Entry(), [Comment("0639000000000000000abcdef", name: text, content: text)]);
        var entry = Feed(xml).Element(Atom + "entry")!;

        Assert.Equal(read, entry.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        // The content is the comment's Markdown rendered (type="html", escaped as Atom requires): safe markup, and no character XML cannot hold.
        var content = entry.Element(Atom + "content")!;
        Assert.Equal("html", (string?)content.Attribute("type"));
        SafeMarkup.AssertOnlySafe(SafeMarkup.Parse(content.Value), text);
        Assert.DoesNotContain(content.Value, c => c < ' ' && c is not '\n' and not '\t' and not '\r');
        Assert.Equal($"{read} on Rekognition", entry.Element(Atom + "title")!.Value);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_feeds_title_stays_text(string text, string read)
        => Assert.Equal($"{Regex.Unescape(read)} · The Hub", Feed(Feeds.Entries(Site, Regex.Unescape(text), "/feed.atom", "/", [])).Element(Atom + "title")!.Value);

    [Fact]
    public void An_entries_feed_names_itself_and_its_page_by_absolute_address()
    {
        var feed = Feed(Feeds.Entries(Site, "Surveillance", "/categories/surveillance/feed.atom", "/categories/surveillance/", [Entry()]));

        Assert.Equal("https://hub.example/categories/surveillance/feed.atom", feed.Element(Atom + "id")!.Value);
        Assert.Equal(
            ["self https://hub.example/categories/surveillance/feed.atom", "alternate https://hub.example/categories/surveillance/"],
            feed.Elements(Atom + "link").Select(link => $"{link.Attribute("rel")!.Value} {link.Attribute("href")!.Value}"));
    }

    [Fact]
    public void An_entry_is_its_page_id_link_dates_and_category()
    {
        var entry = Feed(EntriesFeed(Entry(publishedOn: new DateOnly(2019, 2, 14)))).Element(Atom + "entry")!;

        Assert.Equal("https://hub.example/entries/rekognition/", entry.Element(Atom + "id")!.Value);
        Assert.Equal("https://hub.example/entries/rekognition/", entry.Element(Atom + "link")!.Attribute("href")!.Value);
        Assert.Equal("alternate", entry.Element(Atom + "link")!.Attribute("rel")!.Value);
        Assert.Equal("2024-05-02T08:30:00Z", entry.Element(Atom + "updated")!.Value);
        Assert.Equal("2019-02-14T00:00:00Z", entry.Element(Atom + "published")!.Value);
        Assert.Equal("surveillance", entry.Element(Atom + "category")!.Attribute("term")!.Value);
    }

    [Theory]
    [InlineData("2019-02-14", "2019-02-14T00:00:00Z")]
    [InlineData(null, "2024-05-01T08:30:00Z")]
    public void An_entry_is_published_on_its_date_else_when_it_was_added(string? publishedOn, string published)
    {
        var entry = Feed(EntriesFeed(Entry(publishedOn: publishedOn is null ? null : DateOnly.Parse(publishedOn, System.Globalization.CultureInfo.InvariantCulture)))).Element(Atom + "entry")!;

        Assert.Equal(published, entry.Element(Atom + "published")!.Value);
    }

    [Fact]
    public void An_entry_without_a_category_has_no_category_element()
        => Assert.Null(Feed(EntriesFeed(Entry(category: null))).Element(Atom + "entry")!.Element(Atom + "category"));

    [Theory]
    [InlineData(0, "1970-01-01T00:00:00Z")]
    [InlineData(1, "2024-05-02T08:30:00Z")]
    [InlineData(3, "2024-05-04T08:30:00Z")]
    public void A_feed_is_updated_when_its_newest_entry_was(int entries, string updated)
    {
        var list = Enumerable.Range(1, entries).Select(n => Entry(id: $"entry-{n}", updatedAt: Created.AddDays(n))).Reverse().ToArray();

        Assert.Equal(updated, Feed(EntriesFeed(list)).Element(Atom + "updated")!.Value);
    }

    [Fact]
    public void Times_are_written_in_utc()
    {
        var entry = Entry(updatedAt: new DateTimeOffset(2024, 5, 2, 10, 30, 0, TimeSpan.FromHours(2)));

        Assert.Equal("2024-05-02T08:30:00Z", Feed(EntriesFeed(entry)).Element(Atom + "updated")!.Value);
    }

    [Fact]
    public void A_comments_feed_lists_the_newest_first_each_by_its_permalink()
    {
        var feed = Feed(Feeds.Comments(Site, Entry(), [Comment("0639000000000000000aaaaaa", minutes: 1), Comment("0639000000000000000bbbbbb", minutes: 5), Comment("0639000000000000000cccccc", minutes: 3)]));

        Assert.Equal("https://hub.example/entries/rekognition/comments.atom", feed.Element(Atom + "id")!.Value);
        Assert.Equal("Comments on Rekognition · The Hub", feed.Element(Atom + "title")!.Value);
        Assert.Equal("2024-05-01T08:35:00Z", feed.Element(Atom + "updated")!.Value);
        Assert.Equal(
            ["bbbbbb", "cccccc", "aaaaaa"],
            feed.Elements(Atom + "entry").Select(entry => entry.Element(Atom + "id")!.Value.Replace("https://hub.example/entries/rekognition/#comment-0639000000000000000", "", StringComparison.Ordinal)));
        Assert.All(feed.Elements(Atom + "entry"), entry => Assert.Equal(entry.Element(Atom + "id")!.Value, entry.Element(Atom + "link")!.Attribute("href")!.Value));
    }

    [Fact]
    public void A_comments_feed_without_comments_is_updated_with_its_entry()
        => Assert.Equal("2024-05-02T08:30:00Z", Feed(Feeds.Comments(Site, Entry(), [])).Element(Atom + "updated")!.Value);

    [Fact]
    public void A_comment_without_a_name_is_by_anonymous()
    {
        var entry = Feed(Feeds.Comments(Site, Entry(), [Comment("0639000000000000000abcdef", name: "")])).Element(Atom + "entry")!;

        Assert.Equal("Anonymous", entry.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.Equal("Anonymous on Rekognition", entry.Element(Atom + "title")!.Value);
    }

    [Theory]
    [InlineData("rekognition", "/entries/rekognition/comments.atom")]
    [InlineData("a-b-1", "/entries/a-b-1/comments.atom")]
    public void A_comments_feed_lives_beside_its_entrys_page(string entryId, string path)
        => Assert.Equal(path, Feeds.CommentsFeedPath(entryId));

    [Theory]
    [InlineData("https://hub.example", "https://hub.example/entries/rekognition/")]
    [InlineData("https://hub.example/", "https://hub.example/entries/rekognition/")]
    [InlineData("", "/entries/rekognition/")]
    public void Without_a_public_address_ids_and_links_stay_relative(string publicUrl, string id)
        => Assert.Equal(id, Feed(Feeds.Entries(new SiteContext(publicUrl, ""), "Entries", "/feed.atom", "/", [Entry()])).Element(Atom + "entry")!.Element(Atom + "id")!.Value);

    [Fact]
    public void A_feed_is_utf8_xml_declared_so()
    {
        var xml = EntriesFeed(Entry());

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.Ordinal);
        Assert.Equal(Atom, Feed(xml).Name.Namespace);
    }

    [Fact]
    public void The_sitemap_lists_the_list_pages_then_each_entry_with_its_last_change()
    {
        var xml = Feeds.Sitemap(Site, [Entry(), Entry(id: "ice-contracts", updatedAt: new DateTimeOffset(2024, 6, 30, 23, 59, 0, TimeSpan.Zero))], ["/", "/categories/surveillance/"]);
        var urls = Feed(xml).Elements(Sitemaps + "url").Select(url => $"{url.Element(Sitemaps + "loc")!.Value} {(string?)url.Element(Sitemaps + "lastmod")}".TrimEnd());

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.Ordinal);
        Assert.Equal(
            ["https://hub.example/", "https://hub.example/categories/surveillance/", "https://hub.example/entries/rekognition/ 2024-05-02", "https://hub.example/entries/ice-contracts/ 2024-06-30"],
            urls);
    }

    [Fact]
    public void A_sitemap_index_names_each_sitemap_by_absolute_address()
    {
        var index = Feed(Feeds.SitemapIndex(Site, ["/sitemaps/pages.xml", "/sitemaps/2024-05.xml"]));

        Assert.Equal(Sitemaps + "sitemapindex", index.Name);
        Assert.Equal(["https://hub.example/sitemaps/pages.xml", "https://hub.example/sitemaps/2024-05.xml"], index.Elements(Sitemaps + "sitemap").Select(sitemap => sitemap.Element(Sitemaps + "loc")!.Value));
    }

    [Fact]
    public void Robots_may_crawl_all_but_the_console_and_are_told_the_sitemap()
        => Assert.Equal("User-agent: *\nAllow: /\nDisallow: /manage/\nSitemap: https://hub.example/sitemap.xml\n", Feeds.Robots(Site));
}
