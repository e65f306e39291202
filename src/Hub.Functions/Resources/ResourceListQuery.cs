using Hub.Core.Resources;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Hub.Functions.Resources;

/// <summary>Reads <c>category</c>, <c>tag</c>, <c>q</c>, <c>limit</c> and <c>cursor</c> from the query string.</summary>
public static class ResourceListQuery
{
    public static ResourceQuery? Parse(IQueryCollection query, ValidationErrors errors)
    {
        var category = Label(query, "category", errors);
        var tag = Label(query, "tag", errors);

        var text = QueryParameters.One(query, "q", errors)?.Trim();
        if (text?.Length > ResourceQuery.MaxTextLength)
        {
            errors.Add("q", $"must be at most {ResourceQuery.MaxTextLength} characters");
        }

        var (limit, after) = QueryParameters.Paging(query, errors, ResourceQuery.DefaultLimit, ResourceQuery.MaxLimit, ResourceCursor.TryDecode);
        return errors.IsEmpty
            ? new ResourceQuery(category, tag, string.IsNullOrEmpty(text) ? null : text, limit, after)
            : null;
    }

    private static string? Label(IQueryCollection query, string name, ValidationErrors errors)
    {
        var value = QueryParameters.One(query, name, errors);
        if (value is not null && !ResourceRules.IsValidLabel(value))
        {
            errors.Add(name, ResourceRules.LabelRule);
        }

        return value;
    }
}
