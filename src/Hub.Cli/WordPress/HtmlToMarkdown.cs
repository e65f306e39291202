using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Hub.Cli.WordPress;

/// <summary>
/// WordPress HTML (a post's content or a comment) as CommonMark, parsed by an HTML5 parser the way
/// a browser reads it. What a reader saw is kept: paragraphs, line breaks, headings, quotes, lists
/// (nested), emphasis, inline code and code blocks, and links with their addresses (http, https and
/// mailto only: any other link keeps its text). Text stays text: whatever Markdown would read as
/// markup is escaped (<see cref="MarkdownEscape"/>). Images become links to the image, never images,
/// which the hub does not load from other sites. What the hub does not show (scripts, styles,
/// frames, plugins, forms, media players) is dropped and reported by its tag name; HTML comments,
/// which include the block editor's <c>&lt;!-- wp:… --&gt;</c> markers, are dropped silently. The
/// output depends only on the input, so importing the same post twice gives the same text.
/// </summary>
public static class HtmlToMarkdown
{
    private static readonly HtmlParser Parser = new();

    /// <summary>Elements whose content the hub never shows, reported when dropped.</summary>
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal)
    {
        "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "param",
        "form", "input", "button", "select", "textarea", "video", "audio", "canvas", "svg", "math", "link", "meta", "base",
    };

    /// <summary>Elements that hold blocks: each starts and ends a paragraph and its content is read as blocks.</summary>
    private static readonly HashSet<string> Containers = new(StringComparer.Ordinal)
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure", "figcaption", "address",
        "center", "details", "summary", "dl", "dt", "dd", "hgroup", "li", "caption",
    };

    /// <summary>Whether the hub drops <paramref name="element"/> and all it holds.</summary>
    public static bool IsHidden(IElement element) => Hidden.Contains(element.LocalName);

    /// <summary>
    /// <paramref name="html"/> as Markdown (no trailing blank space; empty when nothing is left).
    /// <paramref name="autoParagraphs"/> reads text as WordPress's <c>wpautop</c> displays it: a blank
    /// line between paragraphs, a single line break a line break. WordPress applies it to comments and
    /// to classic-editor posts, not to block-editor posts (whose paragraphs are &lt;p&gt; elements).
    /// </summary>
    public static string Convert(string? html, bool autoParagraphs, Action<string> dropped)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var document = Parser.ParseDocument("<body></body>");
        var body = document.Body!;
        body.InnerHtml = html;
        var converter = new Converter(autoParagraphs, dropped);
        return Join(converter.Blocks(body), tightLists: false).TrimEnd();
    }

    private enum BlockKind { Paragraph, List, Other }

    /// <summary>
    /// One block of Markdown. A list says which kind and marker it has, so that a list right after it
    /// can take the other marker (else Markdown reads the two as one list), and whether it may follow
    /// a paragraph without a blank line (a bullet list, or a numbered one from 1).
    /// </summary>
    private sealed record Block(string Markdown, BlockKind Kind, bool Ordered = false, bool Alternate = false, bool FollowsParagraph = false);

    private static string Join(List<Block> blocks, bool tightLists)
    {
        var markdown = new StringBuilder();
        for (var index = 0; index < blocks.Count; index++)
        {
            if (index > 0)
            {
                // Inside a list item, a nested list follows its item's text directly so the list stays tight.
                markdown.Append(tightLists && blocks[index].FollowsParagraph && blocks[index - 1].Kind == BlockKind.Paragraph ? "\n" : "\n\n");
            }

            markdown.Append(blocks[index].Markdown);
        }

        return markdown.ToString();
    }

    private sealed class Converter(bool autoParagraphs, Action<string> dropped)
    {
        private int _emphasis;
        private int _strong;
        private int _link;

        public List<Block> Blocks(INode container)
        {
            var blocks = new List<Block>();
            var inline = new InlineWriter(InlineWriter.Mode.Paragraphs);
            foreach (var child in container.ChildNodes)
            {
                if (child is IElement element && IsBlock(element))
                {
                    Flush(inline, blocks);
                    inline = new InlineWriter(InlineWriter.Mode.Paragraphs);
                    BlockElement(element, blocks);
                }
                else
                {
                    Inline(child, inline);
                }
            }

            Flush(inline, blocks);
            return blocks;
        }

        private static bool IsBlock(IElement element)
            => Containers.Contains(element.LocalName) || element.LocalName is "ul" or "ol" or "menu" or "blockquote" or "pre" or "hr" or "table"
               || IsHeading(element, out _);

        private static bool IsHeading(IElement element, out int level)
        {
            level = element.LocalName is ['h', >= '1' and <= '6'] ? element.LocalName[1] - '0' : 0;
            return level > 0;
        }

        private static void Flush(InlineWriter inline, List<Block> blocks)
            => blocks.AddRange(inline.Finish().Select(paragraph => new Block(MarkdownEscape.EscapeLineStarts(paragraph), BlockKind.Paragraph)));

        private void BlockElement(IElement element, List<Block> blocks)
        {
            if (IsHidden(element))
            {
                dropped(element.LocalName);
                return;
            }

            switch (element.LocalName)
            {
                case "ul" or "ol" or "menu":
                    var ordered = element.LocalName == "ol";
                    var previous = blocks.LastOrDefault();
                    var alternate = previous is { Kind: BlockKind.List } && previous.Ordered == ordered && !previous.Alternate;
                    var list = List(element, ordered, alternate);
                    if (list.Length > 0)
                    {
                        blocks.Add(new Block(list, BlockKind.List, ordered, alternate, FollowsParagraph: !ordered || Start(element) == 1));
                    }

                    break;
                case "blockquote":
                    var quoted = Join(Blocks(element), tightLists: false);
                    if (quoted.Length > 0)
                    {
                        blocks.Add(new Block(string.Join('\n', quoted.Split('\n').Select(line => line.Length == 0 ? ">" : "> " + line)), BlockKind.Other));
                    }

                    break;
                case "pre":
                    var code = new StringBuilder();
                    CodeText(element, code);
                    var text = code.ToString().TrimEnd();
                    if (text.Trim().Length > 0)
                    {
                        var fence = MarkdownEscape.Fence(text, 3);
                        blocks.Add(new Block($"{fence}\n{text}\n{fence}", BlockKind.Other));
                    }

                    break;
                case "hr":
                    blocks.Add(new Block("---", BlockKind.Other));
                    break;
                case "table":
                    Table(element, blocks);
                    break;
                default:
                    if (IsHeading(element, out var level))
                    {
                        var heading = Nested(element, InlineWriter.Mode.Spaces);
                        if (heading.Markdown.Length > 0)
                        {
                            // A heading's closing #s are not its text: keep a final # as text.
                            var title = heading.Markdown.EndsWith('#') ? heading.Markdown[..^1] + "\\#" : heading.Markdown;
                            blocks.Add(new Block(new string('#', level) + " " + title, BlockKind.Other));
                        }
                    }
                    else
                    {
                        blocks.AddRange(Blocks(element));
                    }

                    break;
            }
        }

        private string List(IElement list, bool ordered, bool alternate)
        {
            var items = new List<string>();
            var number = ordered ? Start(list) : 0;
            foreach (var child in list.ChildNodes)
            {
                if (child is IText text && string.IsNullOrWhiteSpace(text.Data) || child is IComment)
                {
                    continue;
                }

                if (child is IElement hidden && IsHidden(hidden))
                {
                    dropped(hidden.LocalName);
                    continue;
                }

                // Anything in a list that is not an item (HTML allows only items; parsers keep the rest) is read as one.
                var item = Join(child is IElement { LocalName: "li" } li ? Blocks(li) : Blocks(AsContainer(child)), tightLists: true);
                var marker = ordered ? $"{number++}{(alternate ? ')' : '.')}" : alternate ? "+" : "-";
                var indent = new string(' ', marker.Length + 1);
                var lines = item.Split('\n');
                items.Add(string.Join('\n', lines.Select((line, index) => index == 0 ? (line.Length == 0 ? marker : marker + " " + line) : line.Length == 0 ? "" : indent + line)));
            }

            return string.Join('\n', items);
        }

        private static int Start(IElement list)
            => int.TryParse(list.GetAttribute("start"), out var start) && start is >= 0 and <= 999_999_999 ? start : 1;

        private static INode AsContainer(INode node)
        {
            var wrapper = node.Owner!.CreateElement("div");
            wrapper.AppendChild(node.Clone());
            return wrapper;
        }

        /// <summary>A table as lines of text: one paragraph a row, its cells separated by " | ". Markdown without extensions has no tables.</summary>
        private void Table(IElement table, List<Block> blocks)
        {
            var rows = table.QuerySelectorAll("tr").Where(row => row.Closest("table") == table).ToList();
            foreach (var caption in table.Children.Where(child => child.LocalName == "caption"))
            {
                blocks.AddRange(Blocks(caption));
            }

            foreach (var row in rows)
            {
                var cells = row.Children.Where(cell => cell.LocalName is "td" or "th")
                    .Select(cell => Nested(cell, InlineWriter.Mode.Spaces).Markdown)
                    .Where(cell => cell.Length > 0)
                    .ToList();
                if (cells.Count > 0)
                {
                    blocks.Add(new Block(MarkdownEscape.EscapeLineStarts(string.Join(" | ", cells)), BlockKind.Paragraph));
                }
            }

            if (rows.Count > 0)
            {
                dropped("table (its rows kept as paragraphs)");
            }
        }

        private void Inline(INode node, InlineWriter writer)
        {
            switch (node)
            {
                case IText text:
                    Text(text.Data, writer);
                    return;
                case IElement element:
                    Element(element, writer);
                    return;
                default:
                    return; // comments (the block editor's markers among them), processing instructions
            }
        }

        private void Element(IElement element, InlineWriter writer)
        {
            if (IsHidden(element))
            {
                dropped(element.LocalName);
                return;
            }

            switch (element.LocalName)
            {
                case "br":
                    writer.Break(InlineWriter.Pending.Line);
                    return;
                case "em" or "i" or "cite" or "dfn" when _emphasis == 0:
                    _emphasis++;
                    Wrap(element, "*", writer);
                    _emphasis--;
                    return;
                case "strong" or "b" when _strong == 0:
                    _strong++;
                    Wrap(element, "**", writer);
                    _strong--;
                    return;
                case "code" or "kbd" or "samp" or "tt":
                    var code = new StringBuilder();
                    CodeText(element, code);
                    var span = string.Join(' ', code.ToString().Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
                    if (span.Length > 0)
                    {
                        var fence = MarkdownEscape.Fence(span, 1);
                        var pad = span[0] == '`' || span[^1] == '`' ? " " : "";
                        writer.Raw(fence + pad + span + pad + fence);
                    }

                    return;
                case "a":
                    Link(element, writer);
                    return;
                case "img":
                    Image(element, writer);
                    return;
            }

            if (IsBlock(element))
            {
                // A block inside a line (HTML allows a <div> in an <a>): its own paragraph where that can be, else its own line.
                writer.Break(InlineWriter.Pending.Paragraph);
                foreach (var child in element.ChildNodes)
                {
                    Inline(child, writer);
                }

                writer.Break(InlineWriter.Pending.Paragraph);
                return;
            }

            foreach (var child in element.ChildNodes)
            {
                Inline(child, writer); // span, u, small, sup, abbr, mark, del, and elements the hub does not know: their text
            }
        }

        private void Wrap(IElement element, string delimiter, InlineWriter writer)
        {
            var inner = Nested(element, _link > 0 ? InlineWriter.Mode.Spaces : InlineWriter.Mode.Lines);
            writer.Break(inner.Leading);
            if (inner.Markdown.Length > 0)
            {
                writer.Emphasis(delimiter, inner.Markdown);
            }

            writer.Break(inner.Trailing);
        }

        private void Link(IElement element, InlineWriter writer)
        {
            var address = _link > 0 ? null : WebAddress(element.GetAttribute("href"), mail: true);
            if (address is null)
            {
                foreach (var child in element.ChildNodes)
                {
                    Inline(child, writer); // a relative, javascript: or other link: its text only
                }

                return;
            }

            _link++;
            var text = Nested(element, InlineWriter.Mode.Spaces);
            _link--;
            writer.Break(text.Leading);
            if (text.Markdown.Length > 0)
            {
                writer.Raw($"[{text.Markdown}]({MarkdownEscape.Destination(address)})"); // a link with no text was not seen, and is not kept
            }

            writer.Break(text.Trailing);
        }

        /// <summary>An image as a link to it (its alt text, else its file name): the page never loads it from another site.</summary>
        private void Image(IElement image, InlineWriter writer)
        {
            var address = WebAddress(image.GetAttribute("src"), mail: false);
            var alt = Words(image.GetAttribute("alt") ?? "");
            var label = alt.Length > 0 ? alt : address is null ? "" : Words(Uri.UnescapeDataString(address.Segments[^1].TrimEnd('/')));
            label = label.Length > 0 ? label : "image";
            if (_link > 0)
            {
                Text(label, writer); // already inside a link: the image's name is the link's text
                return;
            }

            if (address is null)
            {
                dropped("img (no http or https address)");
                return;
            }

            writer.Raw($"[{MarkdownEscape.Escape(label)}]({MarkdownEscape.Destination(address)})");
        }

        private (string Markdown, InlineWriter.Pending Leading, InlineWriter.Pending Trailing) Nested(IElement element, InlineWriter.Mode mode)
        {
            var inner = new InlineWriter(mode);
            foreach (var child in element.ChildNodes)
            {
                Inline(child, inner);
            }

            var markdown = string.Join(' ', inner.Finish());
            return (markdown, inner.Leading, inner.Trailing);
        }

        /// <summary>
        /// Text as words and the space between them; under <c>wpautop</c> a blank line is a paragraph and
        /// a line break a line break. A bare web address becomes a link (WordPress made them links in
        /// comments, and the hub's plain text did everywhere), so escaping never breaks one.
        /// </summary>
        private void Text(string data, InlineWriter writer)
        {
            var start = 0;
            while (start < data.Length)
            {
                var end = start;
                if (IsSpace(data[start]))
                {
                    var newlines = 0;
                    while (end < data.Length && IsSpace(data[end]))
                    {
                        newlines += data[end] == '\n' ? 1 : 0;
                        end++;
                    }

                    writer.Break(!autoParagraphs || newlines == 0 ? InlineWriter.Pending.Space : newlines == 1 ? InlineWriter.Pending.Line : InlineWriter.Pending.Paragraph);
                }
                else
                {
                    while (end < data.Length && !IsSpace(data[end]))
                    {
                        end++;
                    }

                    Word(data[start..end], writer);
                }

                start = end;
            }
        }

        private void Word(string word, InlineWriter writer)
        {
            word = new string(word.Where(c => !char.IsControl(c)).ToArray());
            if (word.Length == 0)
            {
                return;
            }

            var start = 0;
            while (start < word.Length && word[start] is '(' or '"' or '\'' or '<')
            {
                start++;
            }

            var www = word.AsSpan(start).StartsWith("www.", StringComparison.OrdinalIgnoreCase);
            if (_link == 0 && (www || word.AsSpan(start).StartsWith("http", StringComparison.OrdinalIgnoreCase)))
            {
                // Punctuation around an address belongs to the sentence, not the address; a closing parenthesis only when unmatched.
                var end = word.Length;
                while (end > start && (word[end - 1] is '.' or ',' or ':' or ';' or '!' or '?' or '"' or '\'' or '>'
                                       || word[end - 1] == ')' && word[start..end].Count(c => c == '(') < word[start..end].Count(c => c == ')')))
                {
                    end--;
                }

                // An address written from www. on is linked over http:// as GFM's autolinks do (escaped, it would not be read as one).
                var text = word[start..end];
                if ((www ? text.Length > 4 : text.Contains("://", StringComparison.Ordinal)) && WebAddress(www ? "http://" + text : text, mail: false) is { } address)
                {
                    writer.Raw(MarkdownEscape.Escape(word[..start]) + $"[{MarkdownEscape.Escape(text)}]({MarkdownEscape.Destination(address)})" + MarkdownEscape.Escape(word[end..]));
                    return;
                }
            }

            writer.Raw(MarkdownEscape.Escape(word));
        }

        /// <summary>Text as it is, for code: line breaks kept, nothing escaped (code is literal in Markdown), hidden elements still dropped.</summary>
        private void CodeText(INode node, StringBuilder code)
        {
            foreach (var child in node.ChildNodes)
            {
                switch (child)
                {
                    case IText text:
                        code.Append(text.Data.Where(c => c is '\n' or '\t' || !char.IsControl(c)).ToArray());
                        break;
                    case IElement { LocalName: "br" }:
                        code.Append('\n');
                        break;
                    case IElement element when IsHidden(element):
                        dropped(element.LocalName);
                        break;
                    case IElement element:
                        CodeText(element, code);
                        break;
                }
            }
        }

        private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\u00A0';

        private static string Words(string text) => string.Join(' ', text.Split((char[])[' ', '\t', '\n', '\r', '\u00A0'], StringSplitOptions.RemoveEmptyEntries));

        /// <summary>An absolute http or https address (or mailto, for links), else null: relative, javascript:, data: and the rest are not followed.</summary>
        private static Uri? WebAddress(string? value, bool mail)
            => Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var address)
               && (address.Scheme is "http" or "https" && address.Host.Length > 0 || mail && address.Scheme == "mailto")
                ? address
                : null;
    }
}
