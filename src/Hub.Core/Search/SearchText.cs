using Lucene.Net.Analysis;
using Lucene.Net.QueryParsers.Simple;
using Lucene.Net.Search;

namespace Hub.Core.Search;

/// <summary>
/// A reader's words as a query, with Lucene's <see cref="SimpleQueryParser"/>: made for text typed
/// into a search box, it never refuses input (an unmatched quote or a stray operator is read as
/// well as it can be). Every word must match (in any field, weighted as <see cref="SearchDocument.Weights"/>);
/// <c>"a phrase"</c>, <c>-word</c>, <c>word*</c>, <c>a | b</c> and parentheses work; <c>~</c> is
/// text (fuzzy and proximity searches cost more than a reader expects). A query the parser cannot
/// build (it throws, or gives nothing) is searched again as plain words; one with only words to
/// leave out matches every other entry. Text is cut at a space within <see cref="SearchQuery.MaxTextLength"/>
/// characters, so a query holds a bounded number of clauses.
/// </summary>
internal static class SearchText
{
    private const Operator Syntax = Operator.AND_OPERATOR | Operator.OR_OPERATOR | Operator.NOT_OPERATOR | Operator.PHRASE_OPERATOR
                                    | Operator.PREFIX_OPERATOR | Operator.PRECEDENCE_OPERATORS | Operator.ESCAPE_OPERATOR | Operator.WHITESPACE_OPERATOR;

    /// <summary>The query for <paramref name="text"/>, or null when it holds no word to search for.</summary>
    public static Query? Parse(Analyzer analyzer, string text)
    {
        if (text.Length > SearchQuery.MaxTextLength)
        {
            // At the last space within the limit, so the last word searched is a whole one.
            var cut = text.LastIndexOf(' ', SearchQuery.MaxTextLength);
            text = text[..(cut > 0 ? cut : SearchQuery.MaxTextLength)];
        }

        Query? query;
        try
        {
            query = Parser(analyzer, Syntax).Parse(text);
        }
        catch (Exception refused) when (refused is not OutOfMemoryException)
        {
            query = null;
        }

        query ??= PlainWords(analyzer, text);
        return query is BooleanQuery boolean && boolean.Clauses.Count > 0 && boolean.Clauses.All(clause => clause.Occur == Occur.MUST_NOT)
            ? WithEverything(boolean)
            : query;
    }

    /// <summary>Every character that is not a letter or a digit read as a space: the words alone, each of which must match.</summary>
    private static Query? PlainWords(Analyzer analyzer, string text)
    {
        var words = new string([.. text.Select(character => char.IsLetterOrDigit(character) ? character : ' ')]);
        try
        {
            return Parser(analyzer, Operator.WHITESPACE_OPERATOR).Parse(words);
        }
        catch (Exception refused) when (refused is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static BooleanQuery WithEverything(BooleanQuery exclusions)
    {
        var query = new BooleanQuery { { new MatchAllDocsQuery(), Occur.MUST } };
        foreach (var clause in exclusions.Clauses)
        {
            query.Add(clause);
        }

        return query;
    }

    private static SimpleQueryParser Parser(Analyzer analyzer, Operator syntax)
        => new(analyzer, new Dictionary<string, float>(SearchDocument.Weights), syntax) { DefaultOperator = Occur.MUST };
}
