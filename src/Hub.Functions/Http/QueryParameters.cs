using System.Globalization;
using Hub.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace Hub.Functions.Http;

/// <summary>Query-string parameters that must appear at most once, and the paging pair limit and cursor.</summary>
public static class QueryParameters
{
    public delegate bool CursorDecoder(string cursor, out string position);

    public static string? One(IQueryCollection query, string name, ValidationErrors errors)
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

    public static int Limit(IQueryCollection query, ValidationErrors errors, int defaultLimit, int maxLimit)
    {
        if (One(query, "limit", errors) is not { } text)
        {
            return defaultLimit;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1 || limit > maxLimit)
        {
            errors.Add("limit", $"must be a whole number from 1 to {maxLimit}");
        }

        return limit;
    }

    /// <summary><c>limit</c> and the decoded position of <c>cursor</c> (null for the first page).</summary>
    public static (int Limit, string? After) Paging(IQueryCollection query, ValidationErrors errors, int defaultLimit, int maxLimit, CursorDecoder decode)
        => (Limit(query, errors, defaultLimit, maxLimit), Cursor(query, errors, decode));

    /// <summary>The decoded position of the <c>cursor</c> parameter, or null for the first page.</summary>
    public static string? Cursor(IQueryCollection query, ValidationErrors errors, CursorDecoder decode)
    {
        if (One(query, "cursor", errors) is not { } cursor)
        {
            return null;
        }

        if (!decode(cursor, out var position))
        {
            errors.Add("cursor", "is not a cursor this API handed out; start again without it");
            return null;
        }

        return position;
    }
}
