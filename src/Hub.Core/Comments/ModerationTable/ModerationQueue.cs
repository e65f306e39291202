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

    /// <summary>Every queue row, in every tab (for the check).</summary>
    public async Task<List<QueueEntity>> ListEveryAsync(CancellationToken cancellationToken)
    {
        var table = await moderation.GetAsync(cancellationToken);
        var rows = new List<QueueEntity>();
        await foreach (var row in table.QueryAsync<QueueEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {"q|"} and RowKey lt {"q}"}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }
}
