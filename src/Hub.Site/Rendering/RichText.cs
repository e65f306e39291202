using System.Text.RegularExpressions;

namespace Hub.Site.Rendering;

/// <summary>A run of text, or a link when it is an http(s) URL.</summary>
public sealed record TextPart(string Text, string? Href);

/// <summary>
/// Plain text as paragraphs (split at blank lines) in which bare http and https URLs become
/// links: the same rule the console and the reader script apply. Nothing else in the text is
/// ever markup.
/// </summary>
public static partial class RichText
{
    public static IEnumerable<IReadOnlyList<TextPart>> Paragraphs(string text)
    {
        foreach (var paragraph in Blank().Split(text.Trim()))
        {
            if (paragraph.Length > 0)
            {
                yield return Parts(paragraph);
            }
        }
    }

    /// <summary>The URL when it is absolute http or https, else null: no javascript:, data: or relative links.</summary>
    public static string? HttpUrl(string? text)
        => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri.AbsoluteUri : null;

    private static List<TextPart> Parts(string paragraph)
    {
        var parts = new List<TextPart>();
        var last = 0;
        foreach (Match match in Url().Matches(paragraph))
        {
            var raw = match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']');
            if (match.Index > last)
            {
                parts.Add(new TextPart(paragraph[last..match.Index], null));
            }

            parts.Add(new TextPart(raw, HttpUrl(raw)));
            last = match.Index + raw.Length;
        }

        if (last < paragraph.Length)
        {
            parts.Add(new TextPart(paragraph[last..], null));
        }

        return parts;
    }

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex Blank();

    [GeneratedRegex(@"\bhttps?://[^\s<>""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
