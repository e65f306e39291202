using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

using Hub.Core.Comments.CommentsTable;

namespace Hub.Core.Comments.ModerationTable;

/// <summary>
/// How many comments each queue tab holds, without counting rows: <see cref="Shards"/> rows
/// (<c>tabs|{n}</c>), each the counts of the comments whose id falls in that shard. Only the
/// follow-up changes them, in the same transaction as the queue rows it adds or removes and
/// conditional on the shard's ETag, so the counts always equal the rows. A read is one range
/// query of the shards, however many comments arrive; spreading comments over shards keeps
/// follow-ups running at once from contending for one row.
/// </summary>
internal sealed class QueueTally(ModerationPartition moderation)
{
    public const int Shards = 8;

    public static int ShardOf(string commentId)
        => (int)(BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(commentId))) % Shards);

    public async Task<QueueCounts> ReadAsync(CancellationToken cancellationToken)
    {
        var table = await moderation.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {ModerationKeys.TallyPrefix} and RowKey lt {ModerationKeys.TallyEnd}");
        var totals = Enum.GetValues<CommentStatus>().ToDictionary(status => status, _ => 0);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            foreach (var status in totals.Keys)
            {
                totals[status] += row.GetInt32(Name(status)) ?? 0;
            }
        }

        return Counts(totals);
    }

    /// <summary>Every shard as stored now (with its ETag; a new one for a shard not yet written), by number: one range query.</summary>
    public async Task<TableEntity[]> ReadShardsAsync(CancellationToken cancellationToken)
    {
        var table = await moderation.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {ModerationKeys.TallyPrefix} and RowKey lt {ModerationKeys.TallyEnd}");
        var shards = Enumerable.Range(0, Shards).Select(shard => new TableEntity(ModerationKeys.Partition, ModerationKeys.TallyShard(shard))).ToArray();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (Array.FindIndex(shards, shard => shard.RowKey == row.RowKey) is var index and >= 0)
            {
                shards[index] = row;
            }
        }

        return shards;
    }

    /// <summary>How many comments of <paramref name="status"/> a shard says it holds.</summary>
    public static int CountOf(TableEntity shard, CommentStatus status) => shard.GetInt32(Name(status)) ?? 0;

    /// <summary>One shard as stored now (with its ETag), or a new one.</summary>
    public async Task<TableEntity> ReadShardAsync(int shard, CancellationToken cancellationToken)
        => await moderation.GetRowAsync<TableEntity>(ModerationKeys.TallyShard(shard), cancellationToken)
           ?? new TableEntity(ModerationKeys.Partition, ModerationKeys.TallyShard(shard));

    /// <summary>The shard changed by <paramref name="changes"/>, conditional on the shard as it was read.</summary>
    public static TableTransactionAction Change(TableEntity shard, IEnumerable<(CommentStatus Status, int By)> changes)
    {
        var next = new TableEntity(ModerationKeys.Partition, shard.RowKey);
        foreach (var status in Enum.GetValues<CommentStatus>())
        {
            next[Name(status)] = shard.GetInt32(Name(status)) ?? 0;
        }

        foreach (var (status, by) in changes)
        {
            next[Name(status)] = Math.Max(0, (next.GetInt32(Name(status)) ?? 0) + by);
        }

        return shard.ETag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, next)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, shard.ETag);
    }

    /// <summary>
    /// Sets every shard to the counts of the given comments (a restore, or the check putting drift
    /// right); with <paramref name="asRead"/>, only if no shard changed since it was read.
    /// </summary>
    public async Task ResetAsync(IEnumerable<(string CommentId, CommentStatus Status)> comments, IReadOnlyList<TableEntity>? asRead, CancellationToken cancellationToken)
    {
        var shards = Enumerable.Range(0, Shards).Select(shard => new TableEntity(ModerationKeys.Partition, ModerationKeys.TallyShard(shard))).ToArray();
        foreach (var shard in shards)
        {
            foreach (var status in Enum.GetValues<CommentStatus>())
            {
                shard[Name(status)] = 0;
            }
        }

        foreach (var (commentId, status) in comments)
        {
            var shard = shards[ShardOf(commentId)];
            shard[Name(status)] = (shard.GetInt32(Name(status)) ?? 0) + 1;
        }

        await moderation.SubmitAsync(shards.Select((shard, index) => asRead?[index] is { } read && read.ETag != default
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, shard, read.ETag)
            : new TableTransactionAction(asRead is null ? TableTransactionActionType.UpsertReplace : TableTransactionActionType.Add, shard)), cancellationToken);
    }

    public static QueueCounts Counts(IReadOnlyDictionary<CommentStatus, int> totals) => new(
        Math.Max(0, totals[CommentStatus.Pending]),
        Math.Max(0, totals[CommentStatus.Approved]),
        Math.Max(0, totals[CommentStatus.Spam]),
        Math.Max(0, totals[CommentStatus.Trash]));

    private static string Name(CommentStatus status) => status.ToString();
}
