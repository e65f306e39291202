using Hub.Core.Entries;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Hub.Functions.Entries;

/// <summary>Reads <c>category</c>, <c>tag</c>, <c>q</c>, <c>limit</c> and <c>cursor</c> from the query string.</summary>
public static class EntryListQuery
{
    /// <summary>The query, or null with <paramref name="errors"/> saying what is wrong; <paramref name="defaultLimit"/> when <c>limit</c> is not given.</summary>
    public static EntryQuery? Parse(IQueryCollection query, ValidationErrors errors, int defaultLimit = EntryQuery.DefaultLimit)
    {
        var category = Label(query, "category", errors);
        var tag = Label(query, "tag", errors);

        var text = QueryParameters.One(query, "q", errors)?.Trim();
        if (text?.Length > EntryQuery.MaxTextLength)
        {
            errors.Add("q", $"must be at most {EntryQuery.MaxTextLength} characters");
        }

        var (limit, after) = QueryParameters.Paging(query, errors, defaultLimit, EntryQuery.MaxLimit, EntryCursor.TryDecode);
        return errors.IsEmpty
            ? new EntryQuery(category, tag, string.IsNullOrEmpty(text) ? null : text, limit, after)
            : null;
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
