using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Hub.Cli.WordPress;

/// <summary>
/// WordPress shortcodes in a post's content, resolved the way the hub can show them, before the
/// HTML is parsed (WordPress, too, expands them in the content string). <c>[caption]…[/caption]</c>
/// keeps what it encloses, <c>[embed]url[/embed]</c> becomes a link to the url, and the rest
/// (<c>[gallery]</c>, <c>[video]</c>, a plugin's <c>[contact-form id="1"]</c> …) is dropped and
/// reported as <c>shortcode [name]</c>; an enclosing one the hub does not know keeps its text.
/// <para>
/// WordPress expands only registered shortcodes and leaves any other bracket as text. An export
/// does not say which plugins were registered, so a bracket counts as a shortcode when its name is
/// one of WordPress's own, when it has attributes (<c>name="value"</c>) or a closing <c>/]</c>, or
/// when a matching <c>[/name]</c> follows: "[sic]", "[1]" and "[citation needed]" stay text.
/// <c>[[gallery]]</c> is WordPress's escape for the literal text <c>[gallery]</c>.
/// </para>
/// </summary>
public static partial class Shortcodes
{
    private static readonly HashSet<string> Core = new(StringComparer.Ordinal) { "audio", "caption", "wp_caption", "embed", "gallery", "playlist", "video" };

    private static readonly HashSet<string> KeepEnclosed = new(StringComparer.Ordinal) { "caption", "wp_caption" };

    /// <summary>Shortcodes whose enclosed text is a media address or a fallback, not text for readers.</summary>
    private static readonly HashSet<string> DropEnclosed = new(StringComparer.Ordinal) { "audio", "video", "playlist", "gallery" };

    public static string Expand(string? content, Action<string> dropped)
    {
        if (string.IsNullOrEmpty(content) || !content.Contains('[', StringComparison.Ordinal))
        {
            return content ?? "";
        }

        var tags = Tag().Matches(content).ToList();
        var closerOf = Pairs(tags);
        var text = new StringBuilder(content.Length);
        var position = 0;
        for (var index = 0; index < tags.Count; index++)
        {
            var tag = tags[index];
            if (tag.Index < position)
            {
                continue; // inside an enclosing shortcode already dropped or replaced whole
            }

            var name = tag.Groups["name"].Value;
            var closing = tag.Groups["close"].Success;
            var closer = closerOf.TryGetValue(index, out var c) ? tags[c] : null;
            var isShortcode = closing
                ? closerOf.ContainsValue(index) // a closer with no opener is text
                : Core.Contains(name) || closer is not null || Attributes().IsMatch(tag.Groups["attributes"].Value) || tag.Groups["self"].Success;

            text.Append(content, position, tag.Index - position);
            position = tag.Index + tag.Length;
            if (!isShortcode)
            {
                text.Append(tag.Value);
                continue;
            }

            if (tag.Groups["escaped"].Success)
            {
                text.Append(tag.Value, 1, tag.Length - 2); // [[gallery]] is the text [gallery]
                continue;
            }

            if (closing || KeepEnclosed.Contains(name))
            {
                continue; // a closer (its opener was handled), or a caption's marker: what it encloses stays
            }

            if (closer is not null && name == "embed")
            {
                var enclosed = content[position..closer.Index].Trim();
                position = closer.Index + closer.Length;
                if (Uri.TryCreate(enclosed, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
                {
                    var address = WebUtility.HtmlEncode(url.AbsoluteUri);
                    text.Append("<a href=\"").Append(address).Append("\">").Append(address).Append("</a>");
                    continue;
                }
            }
            else if (closer is not null && DropEnclosed.Contains(name))
            {
                position = closer.Index + closer.Length;
            }

            dropped($"shortcode [{name}]");
        }

        return text.Append(content, position, content.Length - position).ToString();
    }

    /// <summary>Each opening tag's index mapped to its closing tag's, nearest first, as WordPress pairs them.</summary>
    private static Dictionary<int, int> Pairs(List<Match> tags)
    {
        var pairs = new Dictionary<int, int>();
        var open = new Dictionary<string, Stack<int>>(StringComparer.Ordinal);
        for (var index = 0; index < tags.Count; index++)
        {
            var tag = tags[index];
            var name = tag.Groups["name"].Value;
            if (tag.Groups["escaped"].Success || tag.Groups["self"].Success)
            {
                continue;
            }

            if (!tag.Groups["close"].Success)
            {
                (open.TryGetValue(name, out var stack) ? stack : open[name] = new Stack<int>()).Push(index);
            }
            else if (open.TryGetValue(name, out var stack) && stack.Count > 0)
            {
                pairs[stack.Pop()] = index;
            }
        }

        return pairs;
    }

    [GeneratedRegex(@"(?<escaped>\[)?\[(?<close>/)?(?<name>[A-Za-z][A-Za-z0-9_-]*)(?<attributes>\s[^\[\]]*?)?(?<self>/)?\](?(escaped)\])")]
    private static partial Regex Tag();

    [GeneratedRegex(@"^\s+[A-Za-z0-9_-]+\s*=")]
    private static partial Regex Attributes();
}
