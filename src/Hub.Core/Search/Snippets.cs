using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Hub.Core.Search;

/// <summary>
/// Where an entry matched, in about <see cref="Length"/> characters: Lucene's highlighter finds
/// the passage of the body (else the summary) with the most of the query's terms (a phrase only
/// where it occurs whole), and its matched words are marked. An entry that matched only by its
/// title, source, category or tags gets the start of its summary, unmarked.
/// </summary>
internal static class Snippets
{
    public const int Length = 180;

    public static SearchSnippet Of(Analyzer analyzer, Query query, string summary, string body)
        => Best(analyzer, query, SearchDocument.Body, body)
           ?? Best(analyzer, query, SearchDocument.Summary, summary)
           ?? Opening(summary.Length > 0 ? summary : body);

    private static SearchSnippet? Best(Analyzer analyzer, Query query, string field, string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var scorer = new QueryScorer(query, field);
        var highlighter = new Highlighter(new Marks(), scorer) { TextFragmenter = new SimpleSpanFragmenter(scorer, Length) };
        var fragments = highlighter.GetBestTextFragments(analyzer.GetTokenStream(field, text), text, mergeContiguousFragments: false, maxNumFragments: 1);
        if (fragments is not [{ Score: > 0 } fragment, ..])
        {
            return null;
        }

        var marked = fragment.ToString();
        var plain = marked.Replace(SearchDocument.MarkStart.ToString(), "", StringComparison.Ordinal).Replace(SearchDocument.MarkEnd.ToString(), "", StringComparison.Ordinal).Trim();
        var parts = Parts(marked);
        if (!text.TrimStart().StartsWith(plain, StringComparison.Ordinal))
        {
            parts.Insert(0, new SnippetPart("… ", false));
        }

        if (!text.TrimEnd().EndsWith(plain, StringComparison.Ordinal))
        {
            parts.Add(new SnippetPart(" …", false));
        }

        parts = Joined(parts);

        return new SearchSnippet(parts);
    }

    /// <summary>The text's first words, up to <see cref="Length"/> characters, cut at a space.</summary>
    private static SearchSnippet Opening(string text)
    {
        var flat = Flatten(text);
        if (flat.Length <= Length)
        {
            return flat.Length == 0 ? SearchSnippet.Empty : new SearchSnippet([new SnippetPart(flat, false)]);
        }

        var cut = flat.LastIndexOf(' ', Length);
        return new SearchSnippet([new SnippetPart(flat[..(cut > Length / 2 ? cut : Length)] + " …", false)]);
    }

    /// <summary>The highlighted fragment split at its marks, its white space (line breaks included) made single spaces.</summary>
    private static List<SnippetPart> Parts(string marked)
    {
        var parts = new List<SnippetPart>();
        foreach (var (piece, index) in Flatten(marked).Split(SearchDocument.MarkStart).Select((piece, index) => (piece, index)))
        {
            var end = piece.IndexOf(SearchDocument.MarkEnd, StringComparison.Ordinal);
            if (index > 0 && end >= 0)
            {
                Add(piece[..end], true);
                Add(piece[(end + 1)..], false);
            }
            else
            {
                Add(piece, false);
            }
        }

        return parts;

        void Add(string text, bool isMarked)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (!isMarked && parts.Count > 0 && !parts[^1].Marked)
            {
                parts[^1] = new SnippetPart(parts[^1].Text + text, false);
            }
            else
            {
                parts.Add(new SnippetPart(text, isMarked));
            }
        }
    }

    /// <summary>Neighbouring unmarked runs as one.</summary>
    private static List<SnippetPart> Joined(List<SnippetPart> parts)
    {
        var joined = new List<SnippetPart>(parts.Count);
        foreach (var part in parts)
        {
            if (!part.Marked && joined.Count > 0 && !joined[^1].Marked)
            {
                joined[^1] = new SnippetPart(joined[^1].Text + part.Text, false);
            }
            else
            {
                joined.Add(part);
            }
        }

        return joined;
    }

    private static string Flatten(string text)
    {
        var flat = new StringBuilder(text.Length);
        foreach (var character in text.Trim())
        {
            if (char.IsWhiteSpace(character))
            {
                if (flat.Length > 0 && flat[^1] != ' ')
                {
                    flat.Append(' ');
                }
            }
            else
            {
                flat.Append(character);
            }
        }

        return flat.ToString();
    }

    /// <summary>Wraps each matched word in the private-use mark characters, which <see cref="Parts"/> splits at.</summary>
    private sealed class Marks : IFormatter
    {
        public string HighlightTerm(string originalText, TokenGroup tokenGroup)
            => tokenGroup.TotalScore > 0 ? SearchDocument.MarkStart + originalText + SearchDocument.MarkEnd : originalText;
    }
}
