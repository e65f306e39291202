using System.Text;

namespace Hub.Cli.WordPress;

/// <summary>
/// Collects the Markdown of running text for <see cref="HtmlToMarkdown"/>. Space and breaks are
/// held back until more text comes, so none is written at the start or end of a paragraph, a run
/// of them counts as the strongest one, and what an enclosing element must write outside its
/// delimiters (<c>*text *</c> is not emphasis; <c>*text* </c> is) is reported as
/// <see cref="Leading"/> and <see cref="Trailing"/>.
/// </summary>
internal sealed class InlineWriter(InlineWriter.Mode mode)
{
    /// <summary>What a paragraph break becomes: a new paragraph (in a block), a line break (in emphasis), a space (in a link, a heading or a table cell).</summary>
    public enum Mode { Paragraphs, Lines, Spaces }

    public enum Pending { None, Space, Line, Paragraph }

    private readonly List<string> _paragraphs = [];
    private readonly StringBuilder _current = new();
    private Pending _pending;
    private bool _started;
    private string? _lastEmphasis;
    private int _lastEmphasisEnd = -1;

    /// <summary>The space or break before the first text, for the enclosing element to write.</summary>
    public Pending Leading { get; private set; }

    /// <summary>The space or break after the last text, for the enclosing element to write.</summary>
    public Pending Trailing { get; private set; }

    public void Break(Pending pending)
    {
        var adjusted = mode switch
        {
            Mode.Spaces when pending > Pending.Space => Pending.Space,
            Mode.Lines when pending > Pending.Line => Pending.Line,
            _ => pending,
        };
        _pending = adjusted > _pending ? adjusted : _pending;
    }

    /// <summary>Markdown as it is: escaped text or markup.</summary>
    public void Raw(string markdown)
    {
        if (markdown.Length == 0)
        {
            return;
        }

        if (!_started)
        {
            Leading = _pending;
            _started = true;
        }
        else
        {
            switch (_pending)
            {
                case Pending.Paragraph:
                    _paragraphs.Add(_current.ToString());
                    _current.Clear();
                    break;
                case Pending.Line:
                    _current.Append("\\\n"); // CommonMark's hard line break, visible where trailing spaces are not
                    break;
                case Pending.Space:
                    _current.Append(' ');
                    break;
            }
        }

        _pending = Pending.None;
        _current.Append(markdown);
    }

    /// <summary>
    /// <paramref name="markdown"/> between <paramref name="delimiter"/>s; right after emphasis of the
    /// same kind it joins that one: written apart, <c>*a**b*</c> reads as one emphasis holding
    /// <c>**</c>, so <c>&lt;em&gt;a&lt;/em&gt;&lt;em&gt;b&lt;/em&gt;</c> is written <c>*ab*</c>.
    /// </summary>
    public void Emphasis(string delimiter, string markdown)
    {
        if (_pending == Pending.None && _lastEmphasis == delimiter && _current.Length == _lastEmphasisEnd && _current.Length > 0)
        {
            _current.Length -= delimiter.Length;
            _current.Append(markdown).Append(delimiter);
        }
        else
        {
            Raw(delimiter + markdown + delimiter);
        }

        _lastEmphasis = delimiter;
        _lastEmphasisEnd = _current.Length;
    }

    /// <summary>The paragraphs written (one, or none, unless in <see cref="Mode.Paragraphs"/>).</summary>
    public List<string> Finish()
    {
        Trailing = _pending;
        _pending = Pending.None;
        if (_current.Length > 0)
        {
            _paragraphs.Add(_current.ToString());
            _current.Clear();
        }

        return _paragraphs;
    }
}
