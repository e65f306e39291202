using Azure;
using Azure.Data.Tables;
using Hub.Core.Paging;

namespace Hub.Core.Comments.Storage;

/// <summary>
/// The moderation queue: a row per comment under its status (see <see cref="ModerationKeys"/>),
/// holding what the console shows, so a page of a tab is one range query. The comment row stays
/// the truth. A status change moves the queue row in one transaction after the comment changed;
/// when that finds the queue not as expected (a crash, or two moderators' changes arriving out of
/// order), <see cref="SyncAsync"/> makes the queue match the comment as it is now.
/// </summary>
internal sealed class ModerationQueue(ModerationTable moderation, TimeProvider clock)
{
    private const int MaxSyncAttempts = 5;

    public QueueTally Tally { get; } = new(moderation);

    /// <summary>Makes the queue show the comment as it is now, when its row is not where it should be.</summary>
    public async Task<bool> SyncIfMisplacedAsync(CommentEntity current, string? entryTitle, CancellationToken cancellationToken)
        => await moderation.GetRowAsync<TableEntity>(QueueEntity.Of(current, entryTitle).RowKey, cancellationToken) is not null
           || await SyncAsync(current.EntryId, current.Id, current.CreatedAt, current, entryTitle, () => [], clock.GetUtcNow(), cancellationToken);

    /// <summary>Files a new comment: its row and the tally's change.</summary>
    public static IEnumerable<TableTransactionAction> Enqueue(CommentEntity comment, string? entryTitle, DateTimeOffset now) =>
    [
        new(TableTransactionActionType.Add, QueueEntity.Of(comment, entryTitle)),
        QueueTally.Change(now, (comment.CurrentStatus, 1)),
    ];

    /// <summary>Moves a comment (already in its new status) from the tab of <paramref name="previous"/>.</summary>
    public static IEnumerable<TableTransactionAction> Move(CommentEntity comment, CommentStatus previous, string? entryTitle, DateTimeOffset now) =>
    [
        new(TableTransactionActionType.UpsertReplace, QueueEntity.Of(comment, entryTitle)),
        ModerationTable.Delete(ModerationKeys.QueueRow(previous, comment.CreatedAt, comment.EntryId, comment.Id), ETag.All),
        QueueTally.Change(now, (previous, -1), (comment.CurrentStatus, 1)),
    ];

    /// <summary>Takes a comment out of the queue.</summary>
    public static IEnumerable<TableTransactionAction> Dequeue(CommentEntity comment, DateTimeOffset now) =>
    [
        ModerationTable.Delete(ModerationKeys.QueueRow(comment.CurrentStatus, comment.CreatedAt, comment.EntryId, comment.Id), ETag.All),
        QueueTally.Change(now, (comment.CurrentStatus, -1)),
    ];

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

    /// <summary>Every queue row, in every tab (for the repair).</summary>
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

    /// <summary>
    /// Makes the queue hold exactly one row for the comment, under its status now, or none when
    /// <paramref name="current"/> is null (it is gone), with the tally changed to match and
    /// <paramref name="alongside"/> (an audit row) in the same transaction. Conditional on the rows
    /// it read, so a racing sync makes it read again rather than undo the other. False when others
    /// kept changing the rows through every attempt: the change it follows has committed, so that
    /// is no error; the hourly repair puts the queue right.
    /// </summary>
    public async Task<bool> SyncAsync(
        string entryId, string commentId, DateTimeOffset createdAt, CommentEntity? current, string? entryTitle,
        Func<IEnumerable<TableTransactionAction>> alongside, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var found = await Task.WhenAll(Enum.GetValues<CommentStatus>().Select(async status =>
                (Status: status, Row: await moderation.GetRowAsync<TableEntity>(ModerationKeys.QueueRow(status, createdAt, entryId, commentId), cancellationToken))));
            var actions = new List<TableTransactionAction>();
            var changes = new List<(CommentStatus, int)>();
            foreach (var (status, row) in found)
            {
                if (row is null)
                {
                    continue;
                }

                if (current?.CurrentStatus == status)
                {
                    actions.Add(new(TableTransactionActionType.UpdateReplace, QueueEntity.Of(current, entryTitle), row.ETag));
                }
                else
                {
                    actions.Add(ModerationTable.Delete(row.RowKey, row.ETag));
                    changes.Add((status, -1));
                }
            }

            if (current is not null && found.Single(item => item.Status == current.CurrentStatus).Row is null)
            {
                actions.Add(new(TableTransactionActionType.Add, QueueEntity.Of(current, entryTitle)));
                changes.Add((current.CurrentStatus, 1));
            }

            if (changes.Count > 0)
            {
                actions.Add(QueueTally.Change(now, [.. changes]));
            }

            actions.AddRange(alongside());
            if (actions.Count == 0)
            {
                return true;
            }

            try
            {
                await moderation.SubmitAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException failure) when (failure.Status is 404 or 409 or 412)
            {
                if (attempt == MaxSyncAttempts)
                {
                    return false;
                }

                await Task.Delay(Random.Shared.Next(5, 25 * attempt), cancellationToken);
            }
        }
    }
}
