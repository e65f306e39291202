using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Hub.Core.Comments;
using Hub.Core.Entries;
using Hub.Core.Import;

namespace Hub.Cli.WordPress;

/// <summary>
/// What a WordPress export holds that the hub takes, and what it leaves and why: items left out
/// (<see cref="Skipped"/>), what posts and comments held that the hub does not show
/// (<see cref="Dropped"/>, by kind), and the entries whose body was cut to fit (<see cref="BodiesCut"/>).
/// </summary>
public sealed record WxrArchive(
    IReadOnlyList<ImportedPost> Posts,
    IReadOnlyDictionary<string, int> Skipped,
    IReadOnlyDictionary<string, int> Dropped,
    IReadOnlyList<string> BodiesCut);

/// <summary>
/// Reads a WordPress eXtended RSS file (Tools → Export): published posts become entries, with
/// their comments in every status WordPress exports, threaded by <c>comment_parent</c>; pages,
/// drafts, attachments, pingbacks and trackbacks are counted and left out.
/// <para>
/// A post's HTML becomes the entry's Markdown body (shortcodes resolved first, as WordPress does
/// on display) and a comment's HTML the comment's Markdown, by <see cref="HtmlToMarkdown"/>. The
/// summary is the post's excerpt, or else the text of its first paragraphs. A body longer than
/// <see cref="EntryRules.BodyMaxLength"/> is cut at the last paragraph that fits and reported
/// by entry id, rather than failing the whole import for one long post: the rest is still in
/// WordPress, and the maintainer can shorten or split the entry.
/// </para>
/// </summary>
public static partial class WxrReader
{
    /// <summary>A card's worth of summary: the first paragraph, and those after it while the summary stays this short.</summary>
    private const int SummaryParagraphsLength = 300;

    private const string WordPressNamespacePrefix = "http://wordpress.org/export/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    /// <summary>A WXR file starts with XML; the hub's own entries file with a JSON array.</summary>
    public static bool LooksLikeWxr(Stream stream)
    {
        var start = stream.Position;
        using var reader = new StreamReader(stream, leaveOpen: true);
        int next;
        while ((next = reader.Read()) >= 0 && char.IsWhiteSpace((char)next))
        {
        }

        stream.Position = start;
        return next == '<';
    }

    public static WxrArchive Read(Stream stream)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var xml = XmlReader.Create(stream, settings);
        var document = XDocument.Load(xml);
        var channel = document.Root?.Element("channel") ?? throw new InvalidDataException("no <rss><channel>: not a WordPress export");
        var wp = channel.Elements().Select(element => element.Name.Namespace).FirstOrDefault(ns => ns.NamespaceName.StartsWith(WordPressNamespacePrefix, StringComparison.Ordinal))
                 ?? throw new InvalidDataException("no wp: elements: not a WordPress export (WXR)");
        var excerpt = XNamespace.Get(wp.NamespaceName + "excerpt/");
        var siteName = HtmlText.Shorten(HtmlText.ToText((string?)channel.Element("title")), EntryRules.SourceMaxLength);

        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        void Skip(string why) => skipped[why] = skipped.GetValueOrDefault(why) + 1;
        var dropped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Drop(string kind) => dropped[kind] = dropped.GetValueOrDefault(kind) + 1;
        var cut = new List<string>();
        var posts = new List<ImportedPost>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in channel.Elements("item"))
        {
            var type = (string?)item.Element(wp + "post_type") ?? "post";
            var status = (string?)item.Element(wp + "status") ?? "publish";
            if (type != "post")
            {
                Skip($"{type} (not a post)");
                continue;
            }

            if (status != "publish")
            {
                Skip($"post with status {status}");
                continue;
            }

            var title = HtmlText.Shorten(HtmlText.ToText((string?)item.Element("title")), EntryRules.TitleMaxLength);
            title = title.Length > 0 ? title : "(untitled)";
            var id = UniqueId(Slugify(Uri.UnescapeDataString((string?)item.Element(wp + "post_name") ?? "")) ?? Slugify(title) ?? "post-" + (string?)item.Element(wp + "post_id"), ids);
            var html = (string?)item.Element(Content + "encoded") ?? "";
            var expanded = Shortcodes.Expand(html, Drop);

            // WordPress adds paragraphs to classic posts on display (wpautop), not to block-editor posts (its has_blocks test).
            var body = HtmlToMarkdown.Convert(expanded, autoParagraphs: !html.Contains("<!-- wp:", StringComparison.Ordinal), Drop);
            if (body.Length > EntryRules.BodyMaxLength)
            {
                body = CutAtParagraph(body, EntryRules.BodyMaxLength);
                cut.Add(id);
            }

            var summary = Summary(HtmlText.ToText((string?)item.Element(excerpt + "encoded")), HtmlText.ToText(expanded));
            var categories = Labels(item, "category");
            var content = new EntryContent(
                title,
                summary.Length > 0 ? summary : title,
                Uri.TryCreate((string?)item.Element("link"), UriKind.Absolute, out var link) && link.Scheme is "http" or "https" && link.AbsoluteUri.Length <= EntryRules.UrlMaxLength ? link : null,
                siteName.Length > 0 ? siteName : null,
                Date((string?)item.Element(wp + "post_date_gmt")) ?? Date((string?)item.Element(wp + "post_date")),
                categories.FirstOrDefault(),
                [.. Labels(item, "post_tag").Take(EntryRules.MaxTags)],
                Featured: (string?)item.Element(wp + "is_sticky") == "1",
                Body: body.Length > 0 ? body : null);
            posts.Add(new ImportedPost(id, content, Comments(item, wp, Skip, Drop)));
        }

        return new WxrArchive(posts, skipped, dropped, cut);
    }

    /// <summary>The excerpt when the post has one, else its first paragraph and those after it that fit a card.</summary>
    private static string Summary(string excerpt, string text)
    {
        if (excerpt.Length > 0)
        {
            return HtmlText.Shorten(excerpt, EntryRules.SummaryMaxLength);
        }

        var paragraphs = text.Split("\n\n");
        var summary = paragraphs[0];
        foreach (var paragraph in paragraphs.Skip(1))
        {
            if (summary.Length + 2 + paragraph.Length > SummaryParagraphsLength)
            {
                break;
            }

            summary += "\n\n" + paragraph;
        }

        return HtmlText.Shorten(summary, EntryRules.SummaryMaxLength);
    }

    /// <summary>The blocks of <paramref name="markdown"/> that fit in <paramref name="length"/> characters (or, with no block boundary, the words that do).</summary>
    private static string CutAtParagraph(string markdown, int length)
    {
        var end = markdown.LastIndexOf("\n\n", length, StringComparison.Ordinal);
        end = end > 0 ? end : markdown.LastIndexOf(' ', length - 1);
        return markdown[..(end > 0 ? end : length)].TrimEnd();
    }

    private static List<ImportedComment> Comments(XElement item, XNamespace wp, Action<string> skip, Action<string> drop)
    {
        var comments = new List<ImportedComment>();
        foreach (var comment in item.Elements(wp + "comment"))
        {
            var type = (string?)comment.Element(wp + "comment_type") ?? "";
            if (type is "pingback" or "trackback")
            {
                skip(type);
                continue;
            }

            var url = (string?)comment.Element(wp + "comment_author_url");
            var parent = (string?)comment.Element(wp + "comment_parent");
            var name = HtmlText.Shorten(HtmlText.ToText((string?)comment.Element(wp + "comment_author")), CommentValidator.NameMaxLength);
            comments.Add(new ImportedComment(
                (string?)comment.Element(wp + "comment_id") ?? Guid.NewGuid().ToString(),
                parent is null or "" or "0" ? null : parent,
                name.Length > 0 ? name : "Anonymous",
                ((string?)comment.Element(wp + "comment_author_email") ?? "").Trim(),
                Uri.TryCreate(url, UriKind.Absolute, out var link) && link.Scheme is "http" or "https" && link.AbsoluteUri.Length <= CommentValidator.UrlMaxLength ? link.AbsoluteUri : null,
                HtmlToMarkdown.Convert((string?)comment.Element(wp + "comment_content"), autoParagraphs: true, drop), // WordPress shows comments through wpautop
                Time((string?)comment.Element(wp + "comment_date_gmt")) ?? Time((string?)comment.Element(wp + "comment_date")) ?? DateTimeOffset.UnixEpoch,
                (string?)comment.Element(wp + "comment_approved") switch
                {
                    "1" => CommentStatus.Approved,
                    "spam" => CommentStatus.Spam,
                    "trash" or "post-trashed" => CommentStatus.Trash,
                    _ => CommentStatus.Pending,
                }));
        }

        return comments;
    }

    /// <summary>The post's categories or tags as slugs: WordPress's own (its nicename) where that is one, else made from the name.</summary>
    private static IEnumerable<string> Labels(XElement item, string domain)
        => item.Elements("category")
            .Where(element => (string?)element.Attribute("domain") == domain)
            .Select(element => Slugify(Uri.UnescapeDataString((string?)element.Attribute("nicename") ?? ""), EntryRules.LabelMaxLength)
                               ?? Slugify(element.Value, EntryRules.LabelMaxLength))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);

    private static string UniqueId(string id, HashSet<string> taken)
    {
        var candidate = id;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            var suffix = $"-{n}";
            candidate = id[..Math.Min(id.Length, EntryIds.MaxLength - suffix.Length)].TrimEnd('-') + suffix;
        }

        return candidate;
    }

    /// <summary>Lowercase ASCII letters and digits joined by single hyphens (accents dropped), or null when nothing is left.</summary>
    private static string? Slugify(string? text, int maxLength = EntryIds.MaxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var slug = NotSlug().Replace(Accents.Remove(text).ToLowerInvariant(), "-").Trim('-');
        slug = slug.Length > maxLength ? slug[..maxLength].TrimEnd('-') : slug;
        return slug.Length > 0 ? slug : null;
    }

    private static DateOnly? Date(string? value) => Time(value) is { } time ? DateOnly.FromDateTime(time.UtcDateTime) : null;

    private static DateTimeOffset? Time(string? value)
        => DateTime.TryParseExact(value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time) && time.Year > 1
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
