using Azure.Data.Tables;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Paging;

namespace Hub.Core.Comments.ModerationTable;

/// <summary>
/// The moderation queue: a row per comment under its status (see <see cref="ModerationKeys"/>),
/// holding what the console shows, so a page of a tab is one range query. The comment row stays
/// the truth; the follow-up (<see cref="CommentFiling"/>) files each change here.
/// </summary>
internal sealed class ModerationQueue(ModerationPartition moderation)
{
    public QueueTally Tally { get; } = new(moderation);

    public static bool IsPosition(string position) => ModerationKeys.IsPosition(position);

    /// <summary>A page of one tab, newest first: one range query.</summary>
    public async Task<(List<QueueEntity> Items, string? NextCursor)> ListAsync(CommentStatus status, string? after, int limit, CancellationToken cancellationToken)
    {
        var table = await moderation.GetAsync(cancellationToken);
        var prefix = ModerationKeys.QueuePrefix(status);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {prefix + after} and RowKey lt {ModerationKeys.QueueEnd(status)}");
        return await KeysetPage.ReadAsync<QueueEntity>(table, filter, limit, row => row.RowKey[prefix.Length..], cancellationToken);
    }

    /// <summary>
    /// A slice of one tab in key order: up to <paramref name="limit"/> rows after the row key
    /// <paramref name="afterRowKey"/> (from the tab's first when none), with whether the slice
    /// reached the tab's last row. Only the <paramref name="select"/>ed columns are read.
    /// </summary>
    public async Task<(List<QueueEntity> Rows, bool ReachedEnd)> ListSliceAsync(
        CommentStatus status, string? afterRowKey, int limit, IEnumerable<string> select, CancellationToken cancellationToken)
    {
        var table = await moderation.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {afterRowKey ?? ModerationKeys.QueuePrefix(status)} and RowKey lt {ModerationKeys.QueueEnd(status)}");
        var rows = new List<QueueEntity>(limit);
        return (rows, await KeyRange.ReadUpToAsync(table, filter, rows, limit, select, cancellationToken));
    }

    /// <summary>The <paramref name="select"/>ed columns of the queue row under <paramref name="rowKey"/>, or null when there is none.</summary>
    public async Task<QueueEntity?> FindAsync(string rowKey, IEnumerable<string> select, CancellationToken cancellationToken)
    {
        var table = await moderation.GetAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<QueueEntity>(ModerationKeys.Partition, rowKey, select, cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}
