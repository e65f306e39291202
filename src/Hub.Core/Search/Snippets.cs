using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Hub.Core.Search;

/// <summary>
/// Where an entry matched, in about <see cref="Length"/> characters: the passage of the body
/// (else the summary) that holds the most of the query's words, with each of them marked. The
/// words' places come from the index's term vectors (each word's offsets in the stored text), so a
/// snippet costs a lookup per query word, whatever the length of the entry: Lucene's highlighter,
/// which analyses the whole text again per hit, made a search of 20 hits with 5 KB bodies take
/// 35 ms. An entry that matched only by its title, source, category or tags gets the start of its
/// summary, unmarked.
/// </summary>
internal static class Snippets
{
    public const int Length = 180;

    /// <summary>How much text around the matched words a passage tries to show before the first of them.</summary>
    private const int Lead = 50;

    public static SearchSnippet Of(IndexReader reader, int doc, QueryWords words, string summary, string body)
        => Best(reader, doc, words, SearchDocument.Body, body)
           ?? Best(reader, doc, words, SearchDocument.Summary, summary)
           ?? Opening(summary.Length > 0 ? summary : body);

    private static SearchSnippet? Best(IndexReader reader, int doc, QueryWords words, string field, string text)
    {
        var matches = Matches(reader, doc, words, field, text.Length);
        if (matches.Count == 0)
        {
            return null;
        }

        var (from, to) = Window(matches);
        var start = Math.Max(0, Math.Min(from - Lead, to - Length));
        if (start > 0)
        {
            // Begin at a word: after the first space at or past the start, never past the first match.
            var space = text.IndexOf(' ', start, from - start);
            start = space < 0 ? from : space + 1;
        }

        var end = Math.Min(text.Length, Math.Max(start + Length, to));
        if (end < text.Length)
        {
            var space = text.LastIndexOf(' ', end - 1, end - to);
            end = space < 0 ? to : space;
        }

        var parts = new List<SnippetPart>();
        if (start > 0)
        {
            parts.Add(new SnippetPart("… ", false));
        }

        var at = start;
        foreach (var (matchStart, matchEnd, _) in matches.Where(match => match.Start >= at && match.End <= end))
        {
            if (matchStart < at)
            {
                continue; // the same word twice (a stem and its verb's at one place)
            }

            parts.Add(new SnippetPart(Flatten(text[at..matchStart]), false));
            parts.Add(new SnippetPart(Flatten(text[matchStart..matchEnd]), true));
            at = matchEnd;
        }

        parts.Add(new SnippetPart(Flatten(text[at..end]), false));
        if (end < text.Length)
        {
            parts.Add(new SnippetPart(" …", false));
        }

        return new SearchSnippet(Joined(parts));
    }

    /// <summary>Matches a passage weighs at most: a word on every line of a long body need not all be looked at.</summary>
    private const int MaxMatches = 400;

    /// <summary>Every place in the field's text where one of the query's words is (which word: <c>Word</c>), in order, from the document's term vector.</summary>
    private static List<(int Start, int End, int Word)> Matches(IndexReader reader, int doc, QueryWords words, string field, int textLength)
    {
        var found = new List<(int Start, int End, int Word)>();
        if (!words.ByField.TryGetValue(field, out var wanted) || reader.GetTermVector(doc, field) is not { } vector)
        {
            return found;
        }

        var terms = vector.GetEnumerator();
        DocsAndPositionsEnum? positions = null;
        var word = 0;
        foreach (var exact in wanted.Exact)
        {
            if (terms.SeekExact(new BytesRef(exact)))
            {
                Add(word);
            }

            word++;
        }

        foreach (var prefix in wanted.Prefixes)
        {
            var bytes = new BytesRef(prefix);
            if (terms.SeekCeil(bytes) != TermsEnum.SeekStatus.END)
            {
                do
                {
                    if (!StringHelper.StartsWith(terms.Term, bytes))
                    {
                        break;
                    }

                    Add(word);
                }
                while (terms.MoveNext());
            }

            word++;
        }

        found.Sort();
        return found.Count > MaxMatches ? found[..MaxMatches] : found;

        void Add(int which)
        {
            positions = terms.DocsAndPositions(null, positions, DocsAndPositionsFlags.OFFSETS);
            if (positions is null || positions.NextDoc() == DocIdSetIterator.NO_MORE_DOCS)
            {
                return;
            }

            for (var i = 0; i < positions.Freq; i++)
            {
                positions.NextPosition();
                if (positions.StartOffset >= 0 && positions.EndOffset <= textLength)
                {
                    found.Add((positions.StartOffset, positions.EndOffset, which));
                }
            }
        }
    }

    /// <summary>
    /// The run of matches that fits in a passage and holds the most different words (then the most
    /// matches, then the earliest): one pass with two ends, counting each word in the run.
    /// </summary>
    private static (int From, int To) Window(List<(int Start, int End, int Word)> matches)
    {
        var counts = new Dictionary<int, int>();
        var best = (Distinct: 0, Count: 0, From: matches[0].Start, To: matches[0].End);
        var first = 0;
        for (var last = 0; last < matches.Count; last++)
        {
            counts[matches[last].Word] = counts.GetValueOrDefault(matches[last].Word) + 1;
            while (matches[last].End - matches[first].Start > Length - Lead)
            {
                if (--counts[matches[first].Word] == 0)
                {
                    counts.Remove(matches[first].Word);
                }

                first++;
            }

            if (counts.Count > best.Distinct || (counts.Count == best.Distinct && last - first + 1 > best.Count))
            {
                best = (counts.Count, last - first + 1, matches[first].Start, matches[last].End);
            }
        }

        return (best.From, best.To);
    }

    /// <summary>The text's first words, up to <see cref="Length"/> characters, cut at a space.</summary>
    private static SearchSnippet Opening(string text)
    {
        var flat = Flatten(text).Trim();
        if (flat.Length <= Length)
        {
            return flat.Length == 0 ? SearchSnippet.Empty : new SearchSnippet([new SnippetPart(flat, false)]);
        }

        var cut = flat.LastIndexOf(' ', Length);
        return new SearchSnippet([new SnippetPart(flat[..(cut > Length / 2 ? cut : Length)] + " …", false)]);
    }

    /// <summary>Neighbouring unmarked runs as one, empty runs left out.</summary>
    private static List<SnippetPart> Joined(List<SnippetPart> parts)
    {
        var joined = new List<SnippetPart>(parts.Count);
        foreach (var part in parts.Where(part => part.Text.Length > 0))
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

    /// <summary>White space (line breaks included) as single spaces.</summary>
    private static string Flatten(string text)
    {
        var flat = new StringBuilder(text.Length);
        foreach (var character in text)
        {
            if (!char.IsWhiteSpace(character))
            {
                flat.Append(character);
            }
            else if (flat.Length == 0 || flat[^1] != ' ')
            {
                flat.Append(' ');
            }
        }

        return flat.ToString();
    }
}

/// <summary>The words a query looks for in each field (never those it leaves out): exact terms, and the starts a <c>word*</c> asks for.</summary>
internal sealed class QueryWords
{
    public Dictionary<string, (HashSet<string> Exact, List<string> Prefixes)> ByField { get; } = new(StringComparer.Ordinal);

    public static QueryWords Of(Query query)
    {
        var words = new QueryWords();
        words.Collect(query);
        return words;
    }

    private void Collect(Query query)
    {
        switch (query)
        {
            case BooleanQuery boolean:
                foreach (var clause in boolean.Clauses.Where(clause => clause.Occur != Occur.MUST_NOT))
                {
                    Collect(clause.Query);
                }

                break;
            case TermQuery term:
                Field(term.Term.Field).Exact.Add(term.Term.Text);
                break;
            case PhraseQuery phrase:
                foreach (var term in phrase.GetTerms())
                {
                    Field(term.Field).Exact.Add(term.Text);
                }

                break;
            case MultiPhraseQuery phrase:
                foreach (var term in phrase.GetTermArrays().SelectMany(terms => terms))
                {
                    Field(term.Field).Exact.Add(term.Text);
                }

                break;
            case PrefixQuery prefix:
                Field(prefix.Prefix.Field).Prefixes.Add(prefix.Prefix.Text);
                break;
        }
    }

    private (HashSet<string> Exact, List<string> Prefixes) Field(string field)
        => ByField.TryGetValue(field, out var words) ? words : ByField[field] = (new HashSet<string>(StringComparer.Ordinal), []);
}
