using Azure;
using Azure.Data.Tables;

namespace Hub.Core.Comments.Storage;

/// <summary>
/// How many comments each queue tab holds, without counting rows: every write that adds or
/// removes queue rows adds a change row in the same transaction, and a read sums the snapshot and
/// the changes (one range query), folding the changes into the snapshot when they pile up.
/// </summary>
internal sealed class QueueTally(ModerationTable moderation) : IDisposable
{
    /// <summary>Change rows a read tolerates before it folds them into the snapshot.</summary>
    private const int FoldAfter = 50;

    /// <summary>One fold at a time in this instance: readers arriving meanwhile just sum.</summary>
    private readonly SemaphoreSlim _folding = new(1, 1);

    public static TableTransactionAction Change(DateTimeOffset now, params (CommentStatus Status, int By)[] changes)
    {
        var row = new TableEntity(ModerationKeys.Partition, ModerationKeys.TallyChange(now));
        foreach (var (status, by) in changes)
        {
            row[Name(status)] = (row.GetInt32(Name(status)) ?? 0) + by;
        }

        return new TableTransactionAction(TableTransactionActionType.Add, row);
    }

    public async Task<QueueCounts> ReadAsync(CancellationToken cancellationToken)
    {
        var table = await moderation.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ModerationKeys.Partition} and RowKey ge {ModerationKeys.Tally} and RowKey lt {ModerationKeys.TallyEnd}");
        TableEntity? snapshot = null;
        var changes = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == ModerationKeys.Tally)
            {
                snapshot = row;
            }
            else
            {
                changes.Add(row);
            }
        }

        var totals = Enum.GetValues<CommentStatus>().ToDictionary(status => status, status => Sum(snapshot, changes, status));
        if (changes.Count > FoldAfter && await _folding.WaitAsync(0, cancellationToken))
        {
            try
            {
                await FoldAsync(table, snapshot, changes, cancellationToken);
            }
            finally
            {
                _folding.Release();
            }
        }

        return new QueueCounts(
            Math.Max(0, totals[CommentStatus.Pending]),
            Math.Max(0, totals[CommentStatus.Approved]),
            Math.Max(0, totals[CommentStatus.Spam]),
            Math.Max(0, totals[CommentStatus.Trash]));
    }

    /// <summary>The keys of the change rows there are now.</summary>
    public async Task<IReadOnlyList<string>> ChangeKeysAsync(CancellationToken cancellationToken)
    {
        var table = await moderation.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {ModerationKeys.Tally} and RowKey lt {ModerationKeys.TallyEnd}");
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    /// <summary>Replaces the snapshot with counts made from the rows themselves, and drops the change rows those counts include.</summary>
    public async Task ResetAsync(IReadOnlyDictionary<CommentStatus, int> counts, IReadOnlyList<string> countedChanges, CancellationToken cancellationToken)
    {
        var table = await moderation.GetAsync(cancellationToken);
        var snapshot = new TableEntity(ModerationKeys.Partition, ModerationKeys.Tally);
        foreach (var status in Enum.GetValues<CommentStatus>())
        {
            snapshot[Name(status)] = counts.GetValueOrDefault(status);
        }

        await table.UpsertEntityAsync(snapshot, TableUpdateMode.Replace, cancellationToken);
        foreach (var chunk in countedChanges.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(key => ModerationTable.Delete(key, ETag.All)), cancellationToken);
        }
    }

    /// <summary>
    /// Folds the changes into the snapshot, 99 at a time: each transaction replaces the snapshot
    /// (with its ETag) and deletes the changes it took in. A racing fold elsewhere makes one fail,
    /// harmlessly: the rest is left for the next read.
    /// </summary>
    private static async Task FoldAsync(TableClient table, TableEntity? snapshot, List<TableEntity> changes, CancellationToken cancellationToken)
    {
        foreach (var chunk in changes.Chunk(99))
        {
            var folded = new TableEntity(ModerationKeys.Partition, ModerationKeys.Tally);
            foreach (var status in Enum.GetValues<CommentStatus>())
            {
                folded[Name(status)] = Sum(snapshot, chunk, status);
            }

            var actions = chunk.Select(change => ModerationTable.Delete(change.RowKey, change.ETag))
                .Prepend(snapshot is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, folded)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, folded, snapshot.ETag));
            try
            {
                var responses = await table.SubmitTransactionAsync(actions, cancellationToken);
                folded.ETag = responses.Value[0].Headers.ETag ?? default;
                snapshot = folded;
            }
            catch (TableTransactionFailedException failure) when (failure.Status is 404 or 409 or 412)
            {
                return;
            }
        }
    }

    private static int Sum(TableEntity? snapshot, IEnumerable<TableEntity> changes, CommentStatus status)
        => (snapshot?.GetInt32(Name(status)) ?? 0) + changes.Sum(change => change.GetInt32(Name(status)) ?? 0);

    private static string Name(CommentStatus status) => status.ToString();

    public void Dispose() => _folding.Dispose();
}
