using Azure.Data.Tables;

namespace Hub.Core.Paging;

/// <summary>Reads a slice of a range query: a bounded number of rows, for work that walks a table a slice at a time.</summary>
internal static class KeyRange
{
    /// <summary>
    /// Adds rows of the query, in key order, until <paramref name="into"/> holds
    /// <paramref name="limit"/> rows; true when the query had no rows left (the range ended), false
    /// when it stopped at the limit.
    /// </summary>
    public static async Task<bool> ReadUpToAsync<T>(TableClient table, string filter, List<T> into, int limit, IEnumerable<string>? select, CancellationToken cancellationToken)
        where T : class, ITableEntity, new()
    {
        if (into.Count >= limit)
        {
            return false;
        }

        await foreach (var page in table.QueryAsync<T>(filter, limit - into.Count, select, cancellationToken).AsPages())
        {
            foreach (var row in page.Values)
            {
                if (into.Count == limit)
                {
                    return false;
                }

                into.Add(row);
            }

            if (page.ContinuationToken is null)
            {
                return true;
            }

            if (into.Count == limit)
            {
                return false;
            }
        }

        return true;
    }
}
