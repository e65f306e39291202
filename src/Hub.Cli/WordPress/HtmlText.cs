using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Hub.Cli.WordPress;

/// <summary>
/// WordPress HTML as the text a reader saw: parsed by an HTML5 parser (entities decoded, tags
/// gone, what the hub does not show dropped as <see cref="HtmlToMarkdown"/> drops it), with
/// paragraphs and line breaks kept as new lines. WordPress stores paragraphs as blank lines (its
/// <c>wpautop</c> adds the &lt;p&gt; tags on display), so text nodes keep their own line breaks too.
/// </summary>
public static partial class HtmlText
{
    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "figure", "figcaption", "section", "article",
    };

    public static string ToText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var document = Parser.ParseDocument("<body></body>");
        var body = document.Body!;
        body.InnerHtml = html;
        var text = new StringBuilder();
        Append(body, text);
        var lines = text.ToString().Replace('\u00A0', ' ').Split('\n').Select(line => Spaces().Replace(line, " ").Trim());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    /// <summary>At most <paramref name="length"/> characters, cut at a word with an ellipsis when it is longer.</summary>
    public static string Shorten(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', length - 1);
        return text[..(cut > length / 2 ? cut : length - 1)].TrimEnd() + "…";
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText textNode:
                    text.Append(textNode.Data);
                    break;
                case IElement element when HtmlToMarkdown.IsHidden(element):
                    break;
                case IElement element when element.LocalName == "br":
                    text.Append('\n');
                    break;
                case IElement element when Blocks.Contains(element.LocalName):
                    text.Append("\n\n");
                    Append(element, text);
                    text.Append("\n\n");
                    break;
                default:
                    Append(child, text);
                    break;
            }
        }
    }

    [GeneratedRegex("[ \\t\\r\\f\\v]+")]
    private static partial Regex Spaces();

    [GeneratedRegex("\\n{3,}")]
    private static partial Regex BlankLines();
}
