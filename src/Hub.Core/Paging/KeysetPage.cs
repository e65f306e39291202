using Azure.Data.Tables;

namespace Hub.Core.Paging;

/// <summary>
/// One page of a range query in key order: up to <c>limit</c> rows after the cursor, and the
/// cursor of the next page. Reading one row more than a page tells whether another page exists
/// without ever handing out an empty one.
/// </summary>
internal static class KeysetPage
{
    /// <summary>
    /// Reads one page. <paramref name="positionOf"/> turns a row into its cursor position. With a
    /// <paramref name="filter"/>, rows are kept or dropped here and at most its scan limit rows are
    /// read (one storage request): the page may then hold fewer than <c>limit</c> rows, and its
    /// cursor resumes after the last row read.
    /// </summary>
    public static async Task<(List<T> Items, string? NextCursor)> ReadAsync<T>(
        TableClient table,
        string query,
        int limit,
        Func<T, string> positionOf,
        CancellationToken cancellationToken,
        (Func<T, bool> Keep, int ScanLimit)? filter = null,
        IEnumerable<string>? select = null)
        where T : class, ITableEntity, new()
    {
        var rows = new List<T>(limit + 1);
        T? lastRead = null;
        var pageSize = filter is { } bounded ? bounded.ScanLimit : limit + 1;
        await foreach (var page in table.QueryAsync<T>(query, pageSize, select, cancellationToken).AsPages())
        {
            foreach (var row in page.Values)
            {
                lastRead = row;
                if (filter is { } keep && !keep.Keep(row))
                {
                    continue;
                }

                rows.Add(row);
                if (rows.Count > limit)
                {
                    var items = rows.Take(limit).ToList();
                    return (items, Cursor.Encode(positionOf(items[^1])));
                }
            }

            // Unfiltered, a short page means the range is done; filtered, the scan budget is spent.
            var more = page.ContinuationToken is not null && lastRead is not null;
            if (filter is not null || !more)
            {
                return (rows, more ? Cursor.Encode(positionOf(lastRead!)) : null);
            }
        }

        return (rows, null);
    }
}
