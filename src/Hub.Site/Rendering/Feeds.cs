using System.Globalization;
using System.Text;
using System.Xml;
using Hub.Core.Comments;
using Hub.Core.Entries;

namespace Hub.Site.Rendering;

/// <summary>
/// The Atom feeds (entries, site-wide and per category; an entry's comments) and the sitemap,
/// written with XmlWriter, which escapes every value: user text stays text.
/// </summary>
public static class Feeds
{
    public const string AtomType = "application/atom+xml";

    public static string Entries(SiteContext site, string title, string feedPath, string pagePath, IReadOnlyList<Entry> entries)
        => Atom(site, title, feedPath, pagePath, entries.Count == 0 ? DateTimeOffset.UnixEpoch : entries.Max(entry => entry.UpdatedAt), writer =>
        {
            foreach (var entry in entries)
            {
                writer.WriteStartElement("entry");
                writer.WriteElementString("id", site.Absolute(SiteContext.EntryPath(entry.Id)));
                writer.WriteElementString("title", Clean(entry.Title));
                Link(writer, "alternate", site.Absolute(SiteContext.EntryPath(entry.Id)));
                writer.WriteElementString("updated", Time(entry.UpdatedAt));
                writer.WriteElementString("published", Time(entry.PublishedOn is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : entry.CreatedAt));
                writer.WriteStartElement("summary");
                writer.WriteAttributeString("type", "text");
                writer.WriteString(Clean(entry.Summary));
                writer.WriteEndElement();
                if (entry.Body is { } body)
                {
                    Html(writer, "content", MarkdownText.Entry(body));
                }
                if (entry.Category is { } category)
                {
                    writer.WriteStartElement("category");
                    writer.WriteAttributeString("term", category);
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }
        });

    public static string Comments(SiteContext site, Entry entry, IReadOnlyList<PublicComment> comments)
        => Atom(site, $"Comments on {entry.Title}", CommentsFeedPath(entry.Id), SiteContext.EntryPath(entry.Id), comments.Count == 0 ? entry.UpdatedAt : comments.Max(comment => comment.CreatedAt), writer =>
        {
            foreach (var comment in comments.OrderByDescending(comment => comment.CreatedAt))
            {
                var permalink = site.Absolute(SiteContext.EntryPath(entry.Id)) + "#comment-" + comment.Id;
                writer.WriteStartElement("entry");
                writer.WriteElementString("id", permalink);
                writer.WriteElementString("title", Clean($"{(comment.AuthorName.Length > 0 ? comment.AuthorName : "Anonymous")} on {entry.Title}"));
                Link(writer, "alternate", permalink);
                writer.WriteElementString("updated", Time(comment.CreatedAt));
                writer.WriteStartElement("author");
                writer.WriteElementString("name", Clean(comment.AuthorName.Length > 0 ? comment.AuthorName : "Anonymous"));
                writer.WriteEndElement();
                Html(writer, "content", MarkdownText.Comment(comment.Content));
                writer.WriteEndElement();
            }
        });

    /// <summary>Rendered Markdown as Atom's type="html": the markup escaped as text, as the format requires.</summary>
    private static void Html(XmlWriter writer, string element, string html)
    {
        writer.WriteStartElement(element);
        writer.WriteAttributeString("type", "html");
        writer.WriteString(Clean(html));
        writer.WriteEndElement();
    }

    public static string CommentsFeedPath(string entryId) => $"{SiteContext.EntryPath(entryId)}comments.atom";

    public static string Sitemap(SiteContext site, IReadOnlyList<Entry> entries, IEnumerable<string> listPaths)
        => Xml(writer =>
        {
            writer.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
            foreach (var path in listPaths)
            {
                writer.WriteStartElement("url");
                writer.WriteElementString("loc", site.Absolute(path));
                writer.WriteEndElement();
            }

            foreach (var entry in entries)
            {
                writer.WriteStartElement("url");
                writer.WriteElementString("loc", site.Absolute(SiteContext.EntryPath(entry.Id)));
                writer.WriteElementString("lastmod", entry.UpdatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });

    /// <summary>A sitemap index: the sitemaps it names (each bounded: the site's fixed pages, one month's entries).</summary>
    public static string SitemapIndex(SiteContext site, IEnumerable<string> sitemapPaths)
        => Xml(writer =>
        {
            writer.WriteStartElement("sitemapindex", "http://www.sitemaps.org/schemas/sitemap/0.9");
            foreach (var path in sitemapPaths)
            {
                writer.WriteStartElement("sitemap");
                writer.WriteElementString("loc", site.Absolute(path));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });

    public static string Robots(SiteContext site) => $"User-agent: *\nAllow: /\nDisallow: /manage/\nSitemap: {site.Absolute("/sitemap.xml")}\n";

    private static string Atom(SiteContext site, string title, string feedPath, string pagePath, DateTimeOffset updated, Action<XmlWriter> entries)
        => Xml(writer =>
        {
            writer.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
            writer.WriteElementString("id", site.Absolute(feedPath));
            writer.WriteElementString("title", Clean(title) + " · The Hub");
            writer.WriteElementString("updated", Time(updated));
            Link(writer, "self", site.Absolute(feedPath));
            Link(writer, "alternate", site.Absolute(pagePath));
            entries(writer);
            writer.WriteEndElement();
        });

    private static void Link(XmlWriter writer, string rel, string href)
    {
        writer.WriteStartElement("link");
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    /// <summary>The text without the characters XML cannot hold (NUL and other controls, lone surrogates).</summary>
    private static string Clean(string text)
    {
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                kept.Append(text, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
        }

        return kept.ToString();
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Xml(Action<XmlWriter> write)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8, CheckCharacters = true }))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        // XmlWriter over a StringBuilder declares UTF-16; the file is UTF-8.
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }
}
