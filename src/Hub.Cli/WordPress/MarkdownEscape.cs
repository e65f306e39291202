using System.Text;
using System.Text.RegularExpressions;

namespace Hub.Cli.WordPress;

/// <summary>
/// Writing text into CommonMark so that it stays text: every character that could start markup
/// is backslash-escaped (CommonMark lets any ASCII punctuation be escaped, and the escape renders
/// as the character itself), and so is what would start a block at the beginning of a line.
/// </summary>
public static partial class MarkdownEscape
{
    /// <summary>Text inside a line: emphasis, code, links, images, autolinks, raw HTML, strikethrough and entity references stay text; control characters go.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        for (var index = 0; index < text.Length; index++)
        {
            var c = text[index];
            if (char.IsControl(c))
            {
                continue; // never part of text a reader sees, and refused in an entry's body
            }

            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '~' || (c == '&' && Entity().IsMatch(text.AsSpan(index))))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>
    /// The lines of a paragraph with what would make a block at their start escaped: a heading
    /// (<c>#</c>), a quote (<c>&gt;</c>), a list item (<c>-</c>, <c>+</c>, <c>1.</c>, <c>1)</c>) or a
    /// setext underline or thematic break (<c>=</c>, <c>-</c>). Markup this converter writes never
    /// starts with these, so only text is touched.
    /// </summary>
    public static string EscapeLineStarts(string paragraph)
        => string.Join('\n', paragraph.Split('\n').Select(line => line.Length > 0 && line[0] is '#' or '>' or '-' or '+' or '='
            ? "\\" + line
            : OrderedMarker().Replace(line, @"$1\$2", 1)));

    /// <summary>A run of backticks longer than any inside <paramref name="code"/>, at least <paramref name="minimum"/>.</summary>
    public static string Fence(string code, int minimum)
    {
        var longest = Backticks().Matches(code).Select(match => match.Length).DefaultIfEmpty(0).Max();
        return new string('`', Math.Max(minimum, longest + 1));
    }

    /// <summary>A link destination: parentheses escaped (the address is already percent-encoded by <see cref="Uri"/>).</summary>
    public static string Destination(Uri address)
        => address.AbsoluteUri.Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);

    [GeneratedRegex("^&#?[A-Za-z0-9]+;")]
    private static partial Regex Entity();

    [GeneratedRegex(@"^(\d{1,9})([.)])(?=\s|$)")]
    private static partial Regex OrderedMarker();

    [GeneratedRegex("`+")]
    private static partial Regex Backticks();
}
