using System.Net;

namespace Hub.Site.Rendering;

/// <summary>
/// Where a search matched: text with its matched words marked, as parts the page renders as text
/// (each matched part inside <c>&lt;mark&gt;</c>). Read from the search's snippet, escaped text with
/// <c>&lt;mark&gt;</c> and <c>&lt;/mark&gt;</c> around the matches; anything else in it, a tag or an
/// entity, becomes the text it stands for, so the page never passes a snippet through as HTML.
/// </summary>
public sealed record MarkedSnippet(IReadOnlyList<SnippetPart> Parts)
{
    private const string Open = "<mark>";
    private const string Close = "</mark>";

    /// <summary>The snippet's parts, or null when there is no snippet or it has no text.</summary>
    public static MarkedSnippet? FromHtml(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return null;
        }

        var parts = new List<SnippetPart>();
        var marked = false;
        var start = 0;
        while (start < html.Length)
        {
            var tag = marked ? Close : Open;
            var at = html.IndexOf(tag, start, StringComparison.OrdinalIgnoreCase);
            var end = at < 0 ? html.Length : at;
            Add(parts, WebUtility.HtmlDecode(html[start..end]), marked);
            if (at < 0)
            {
                break;
            }

            marked = !marked;
            start = at + tag.Length;
        }

        return parts.Count == 0 ? null : new MarkedSnippet(parts);
    }

    /// <summary>The snippet as plain text.</summary>
    public override string ToString() => string.Concat(Parts.Select(part => part.Text));

    private static void Add(List<SnippetPart> parts, string text, bool marked)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (parts.Count > 0 && parts[^1].Marked == marked)
        {
            parts[^1] = parts[^1] with { Text = parts[^1].Text + text };
            return;
        }

        parts.Add(new SnippetPart(text, marked));
    }
}

/// <summary>A run of a snippet's text, marked when the search matched it.</summary>
public readonly record struct SnippetPart(string Text, bool Marked);
