using Hub.Core.Entries;
using Hub.Core.Search;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Hub.Functions.Entries;

/// <summary>What <c>GET /api/resources</c> asks for: a page of a list, or, with <c>q</c>, a page of search results.</summary>
public sealed record EntryListRequest(EntryQuery? List, SearchQuery? Search);

/// <summary>Reads <c>category</c>, <c>tag</c>, <c>q</c>, <c>limit</c> and <c>cursor</c> from the query string.</summary>
public static class EntryListQuery
{
    /// <summary>The request, or null with <paramref name="errors"/> saying what is wrong; <paramref name="defaultLimit"/> when <c>limit</c> is not given.</summary>
    public static EntryListRequest? Parse(IQueryCollection query, ValidationErrors errors, int defaultLimit = EntryQuery.DefaultLimit)
    {
        var category = Label(query, "category", errors);
        var tag = Label(query, "tag", errors);

        var text = QueryParameters.One(query, "q", errors)?.Trim();
        if (text?.Length > EntryQuery.MaxTextLength)
        {
            errors.Add("q", $"must be at most {EntryQuery.MaxTextLength} characters");
        }

        if (string.IsNullOrEmpty(text))
        {
            var (limit, after) = QueryParameters.Paging(query, errors, defaultLimit, EntryQuery.MaxLimit, EntryCursor.TryDecode);
            return errors.IsEmpty ? new EntryListRequest(new EntryQuery(category, tag, limit, after), null) : null;
        }

        // A search's cursor is its own kind (a score and a position): a list's is refused, and the other way round.
        SearchCursor? from = null;
        var searchLimit = QueryParameters.Limit(query, errors, defaultLimit, EntryQuery.MaxLimit);
        QueryParameters.Cursor(query, errors, (string cursor, out string position) =>
        {
            position = cursor;
            return SearchCursor.TryDecode(cursor, out from);
        });
        return errors.IsEmpty ? new EntryListRequest(null, new SearchQuery(text, category, tag, searchLimit, from)) : null;
    }

    private static string? Label(IQueryCollection query, string name, ValidationErrors errors)
    {
        var value = QueryParameters.One(query, name, errors);
        if (value is not null && !EntryRules.IsValidLabel(value))
        {
            errors.Add(name, EntryRules.LabelRule);
        }

        return value;
    }
}
