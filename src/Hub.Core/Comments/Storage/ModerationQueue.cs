using Azure;
using Azure.Data.Tables;
using Hub.Core.Paging;
using Hub.Core.Storage;

namespace Hub.Core.Comments.Storage;

/// <summary>
/// The ModerationQueue table: one partition per status, a row per comment in it
/// (<c>{newest-first time}|{entry id}|{comment id}</c>), so listing a status reads only the
/// comments in that status. The comment row stays the truth: a queue row is written before a
/// status change and the old one removed after it, and a row that disagrees with its comment
/// (left by a crash in between) is skipped and cleaned up when the queue is read.
/// </summary>
internal sealed class ModerationQueue(HubTables tables, CommentStore comments)
{
    public async Task AddAsync(CommentEntity comment, CommentStatus status, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.UpsertEntityAsync(Row(comment, status), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task RemoveAsync(CommentEntity comment, CommentStatus status, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.DeleteEntityAsync(status.ToApi(), RowKey(comment), ETag.All, cancellationToken);
    }

    public static bool IsPosition(string rowKey) => rowKey.Split('|') is [{ Length: 19 }, var entry, var comment] && entry.Length > 0 && CommentId.IsValid(comment);

    /// <summary>A page of the comments in one status, newest first, each read from its comment row.</summary>
    public async Task<(IReadOnlyList<CommentEntity> Items, string? NextCursor)> ListAsync(
        CommentStatus status, string? afterRowKey, int limit, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var found = new List<CommentEntity>(limit);
        var after = afterRowKey ?? "";
        string? lastKey = null;
        var more = false;
        while (found.Count < limit)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {status.ToApi()} and RowKey gt {after}");
            var rows = new List<MarkerEntity>();
            await foreach (var row in table.QueryAsync<MarkerEntity>(filter, limit + 1, cancellationToken: cancellationToken))
            {
                rows.Add(row);
                if (rows.Count > limit - found.Count)
                {
                    break;
                }
            }

            var page = rows.Take(limit - found.Count).ToList();
            var current = await Task.WhenAll(page.Select(row => comments.GetAsync(row.EntryId, row.CommentId, cancellationToken)));
            for (var i = 0; i < page.Count; i++)
            {
                if (current[i] is { } comment && comment.CurrentStatus == status)
                {
                    found.Add(comment);
                }
                else
                {
                    await table.DeleteEntityAsync(page[i].PartitionKey, page[i].RowKey, page[i].ETag, cancellationToken);
                }
            }

            more = rows.Count > page.Count;
            if (page.Count > 0)
            {
                lastKey = page[^1].RowKey;
                after = lastKey;
            }

            if (!more)
            {
                break;
            }
        }

        return (found, more && lastKey is not null ? Cursor.Encode(lastKey) : null);
    }

    /// <summary>How many comments wait in each status (read from the queue, so cost grows with the queue, not with history).</summary>
    public async Task<int> CountAsync(CommentStatus status, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {status.ToApi()}"), 1000, ["RowKey"], cancellationToken))
        {
            count++;
        }

        return count;
    }

    private static MarkerEntity Row(CommentEntity comment, CommentStatus status) => new()
    {
        PartitionKey = status.ToApi(),
        RowKey = RowKey(comment),
        EntryId = comment.EntryId,
        CommentId = comment.Id,
    };

    private static string RowKey(CommentEntity comment) => $"{TimeKeys.Inverted(comment.CreatedAt)}|{comment.EntryId}|{comment.Id}";

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.ModerationQueue, cancellationToken);
}
