using System.Globalization;
using Hub.Core.Resources;
using Hub.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace Hub.Functions.Resources;

/// <summary>Reads <c>category</c>, <c>tag</c>, <c>q</c>, <c>limit</c> and <c>cursor</c> from the query string.</summary>
public static class ResourceListQuery
{
    public static ResourceQuery? Parse(IQueryCollection query, ValidationErrors errors)
    {
        var category = Label(query, "category", errors);
        var tag = Label(query, "tag", errors);

        var text = Single(query, "q", errors)?.Trim();
        if (text?.Length > ResourceQuery.MaxTextLength)
        {
            errors.Add("q", $"must be at most {ResourceQuery.MaxTextLength} characters");
        }

        var limit = ResourceQuery.DefaultLimit;
        if (Single(query, "limit", errors) is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > ResourceQuery.MaxLimit))
        {
            errors.Add("limit", $"must be a whole number from 1 to {ResourceQuery.MaxLimit}");
        }

        string? after = null;
        if (Single(query, "cursor", errors) is { } cursor && !ResourceCursor.TryDecode(cursor, out after))
        {
            errors.Add("cursor", "is not a cursor this API handed out; start again without it");
        }

        return errors.IsEmpty
            ? new ResourceQuery(category, tag, string.IsNullOrEmpty(text) ? null : text, limit, after)
            : null;
    }

    private static string? Label(IQueryCollection query, string name, ValidationErrors errors)
    {
        var value = Single(query, name, errors);
        if (value is not null && !ResourceRules.IsValidLabel(value))
        {
            errors.Add(name, ResourceRules.LabelRule);
        }

        return value;
    }

    private static string? Single(IQueryCollection query, string name, ValidationErrors errors)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            errors.Add(name, "may be given only once");
        }

        return values[0];
    }
}
