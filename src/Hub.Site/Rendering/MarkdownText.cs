using System.Net;
using Markdig;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Hub.Site.Rendering;

/// <summary>
/// The one Markdown pipeline for user-written text: entry bodies and comments, on pages, in
/// feeds, in the API's rendered copies and in the console's preview. CommonMark (Markdig) with
/// raw HTML left as text; then, on the parsed document, every link and image is checked: only
/// absolute http(s) and mailto addresses stay links, an image becomes a link to its address (a
/// remote image would be a request to another site), and anything else keeps its words and
/// loses its address. Markdig's renderer encodes every text and attribute value.
/// </summary>
public static class MarkdownText
{
    /// <summary>Links in an entry: the curator's citations; the next site gets no window to this one (and no referrer: every page says no-referrer).</summary>
    public const string EntryLinkRel = "noopener";

    /// <summary>Links in a comment: a reader's, so no ranking passes (WordPress's ugc), and no window to this page.</summary>
    public const string CommentLinkRel = "nofollow ugc noopener";

    /// <summary>Entry bodies: all of CommonMark but raw HTML, bare URLs as links, headings one level below the page's title.</summary>
    private static readonly MarkdownPipeline Entries = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .Build();

    /// <summary>Comments: emphasis, links, quotes, code and lists; headings and rules stay text; a line break is a line break, as in WordPress's comments.</summary>
    private static readonly MarkdownPipeline Comments = CommentPipeline();

    /// <summary>What the comment form says works, in one line (the page and hub.js show it).</summary>
    public const string CommentHint = "You can use Markdown: *emphasis*, **bold**, [links](https://example.org), > quotes, `code` and lists.";

    public static string Entry(string markdown) => TryEntry(markdown) ?? AsText(markdown);

    public static string Comment(string markdown) => TryComment(markdown) ?? AsText(markdown);

    /// <summary>Null when the text nests quotes, lists, brackets or emphasis deeper than the renderer goes (Markdig's guard against a stack overflow).</summary>
    public static string? TryEntry(string markdown) => Render(markdown, Entries, EntryLinkRel, rulesAsText: false);

    /// <inheritdoc cref="TryEntry"/>
    public static string? TryComment(string markdown) => Render(markdown, Comments, CommentLinkRel, rulesAsText: true);

    /// <summary>The address when it is absolute http, https or mailto, else null: no javascript:, data:, file: or relative links.</summary>
    public static string? SafeHref(string? address)
        => Uri.TryCreate(address?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto)
            ? uri.AbsoluteUri
            : null;

    private static MarkdownPipeline CommentPipeline()
    {
        var builder = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().UseSoftlineBreakAsHardlineBreak();
        builder.BlockParsers.RemoveAll(parser => parser is HeadingBlockParser or ThematicBreakParser);
        builder.BlockParsers.Find<ParagraphBlockParser>()!.ParseSetextHeadings = false;
        return builder.Build();
    }

    /// <summary>What a page shows of text the renderer refuses: its paragraphs, every character of them text.</summary>
    private static string AsText(string markdown)
        => string.Concat(markdown.Split(["\r\n\r\n", "\n\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(paragraph => $"<p>{WebUtility.HtmlEncode(paragraph)}</p>\n"));

    private static string? Render(string markdown, MarkdownPipeline pipeline, string linkRel, bool rulesAsText)
    {
        try
        {
            var document = Markdown.Parse(markdown, pipeline);
            MakeSafe(document, markdown, linkRel, rulesAsText);
            using var writer = new StringWriter();
            var renderer = new HtmlRenderer(writer);
            pipeline.Setup(renderer);
            renderer.Render(document);
            return writer.ToString();
        }
        catch (ArgumentException)
        {
            // Markdig's depth guard, when parsing or rendering text nested past its limit.
            return null;
        }
    }

    private static void MakeSafe(MarkdownDocument document, string markdown, string linkRel, bool rulesAsText)
    {
        if (rulesAsText)
        {
            // Markdig's list parser finds rules itself, so a comment's are turned back into their text here.
            foreach (var rule in document.Descendants<ThematicBreakBlock>().ToList())
            {
                var text = new ParagraphBlock { Inline = new ContainerInline() };
                text.Inline.AppendChild(new LiteralInline(markdown.Substring(rule.Span.Start, rule.Span.Length).Trim()));
                var parent = rule.Parent!;
                parent[parent.IndexOf(rule)] = text;
            }
        }

        // The highest heading written becomes an h2, below the page's title; the rest keep their steps from it.
        var headings = document.Descendants<HeadingBlock>().ToList();
        var shift = headings.Count == 0 ? 0 : 2 - headings.Min(heading => heading.Level);
        foreach (var heading in headings)
        {
            heading.Level = Math.Min(6, heading.Level + shift);
        }

        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            Check(link, linkRel);
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            var href = SafeHref(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url);
            if (href is null)
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
            else
            {
                autolink.GetAttributes().AddPropertyIfNotExist("rel", linkRel);
            }
        }
    }

    private static void Check(LinkInline link, string linkRel)
    {
        var href = SafeHref(link.GetDynamicUrl?.Invoke() ?? link.Url);
        if (href is null)
        {
            Unwrap(link);
            return;
        }

        link.Url = href;
        link.GetDynamicUrl = null;
        if (link.IsImage)
        {
            link.IsImage = false;
            if (link.FirstChild is null || string.IsNullOrWhiteSpace(TextOf(link)))
            {
                link.Clear();
                link.AppendChild(new LiteralInline(href));
            }
        }

        link.GetAttributes().AddPropertyIfNotExist("rel", linkRel);
    }

    /// <summary>A link whose address may not be followed keeps its words as text (an image's words are its alt text).</summary>
    private static void Unwrap(LinkInline link)
    {
        var children = link.ToList();
        if (children.Count == 0)
        {
            link.Remove();
            return;
        }

        foreach (var child in children)
        {
            child.Remove();
            link.InsertBefore(child);
        }

        link.Remove();
    }

    private static string TextOf(ContainerInline container)
        => string.Concat(container.Descendants<LiteralInline>().Select(literal => literal.Content.ToString()));
}
