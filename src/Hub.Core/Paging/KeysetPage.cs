using Azure.Data.Tables;

namespace Hub.Core.Paging;

/// <summary>
/// One page of a range query in key order: up to <c>limit</c> rows after the cursor, and the
/// cursor of the next page. Reading one row more than a page tells whether another page exists
/// without ever handing out an empty one.
/// </summary>
internal static class KeysetPage
{
    /// <summary>Rows read per request when some are filtered out here rather than by the service.</summary>
    private const int ScanPageSize = 1000;

    public static async Task<(List<T> Items, string? NextCursor)> ReadAsync<T>(
        TableClient table, string filter, int limit, CancellationToken cancellationToken, Func<T, bool>? keep = null)
        where T : class, ITableEntity, new()
    {
        var rows = new List<T>(limit + 1);
        await foreach (var row in table.QueryAsync<T>(filter, keep is null ? limit + 1 : ScanPageSize, cancellationToken: cancellationToken))
        {
            if (keep is not null && !keep(row))
            {
                continue;
            }

            rows.Add(row);
            if (rows.Count > limit)
            {
                break;
            }
        }

        var items = rows.Take(limit).ToList();
        return (items, rows.Count > limit ? Cursor.Encode(items[^1].RowKey) : null);
    }
}
