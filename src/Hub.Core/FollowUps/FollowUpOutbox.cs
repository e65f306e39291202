using Azure.Data.Tables;
using Hub.Core.Audit;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Core.FollowUps;

/// <summary>
/// What a write does to have its follow-up done: it opens the follow-up (the <c>open|</c> row,
/// before its change), commits the change with the record in one transaction, then dispatches it
/// (a queue message). A crash before the commit leaves an open row with no record, which the
/// sweep drops; a crash after it leaves a record, which the sweep finishes if no message came.
/// </summary>
public sealed partial class FollowUpOutbox(HubTables tables, FollowUpQueue queue, TimeProvider clock, ILogger<FollowUpOutbox> logger)
{
    private static readonly TimeSpan DispatchTimeout = TimeSpan.FromSeconds(2);

    /// <summary>A record for a change in <paramref name="table"/>'s <paramref name="partition"/>, to add to the change's own transaction.</summary>
    public FollowUpRecord New(string table, string partition, FollowUpKind kind, AuditEvent? audit)
    {
        var now = clock.GetUtcNow();
        var id = FollowUpAddress.NewId(now);
        return new FollowUpRecord
        {
            PartitionKey = partition,
            RowKey = FollowUpKeys.Record(id),
            Table = table,
            Id = id,
            Kind = kind.ToString(),
            At = now,
            Actor = audit?.Actor ?? "",
            Action = audit?.Action ?? "",
            EntryId = audit?.EntryId,
            CommentId = audit?.CommentId,
            FromStatus = audit?.FromStatus,
            ToStatus = audit?.ToStatus,
            Rule = audit?.Rule,
        };
    }

    /// <summary>The open row, to add to a transaction of the Moderation table's partition that commits before the change.</summary>
    internal static TableTransactionAction Opening(FollowUpRecord record) => new(TableTransactionActionType.Add, new TableEntity(ModerationKeys.Partition, FollowUpKeys.Open(record.Id))
    {
        ["Table"] = record.Table,
        ["Partition"] = record.PartitionKey,
    });

    /// <summary>Opens the follow-up on its own: one write, before the change.</summary>
    public async Task OpenAsync(FollowUpRecord record, CancellationToken cancellationToken)
    {
        var moderation = await tables.GetAsync(HubTables.Moderation, cancellationToken);
        await moderation.SubmitTransactionAsync([Opening(record)], cancellationToken);
    }

    /// <summary>
    /// Commits a change whose transaction carries <paramref name="record"/>. When the commit's
    /// answer is lost (the request's deadline, a timeout, a 5xx), the change may still have
    /// committed: the record says whether it did, so a committed change is never answered with a
    /// 503 that would invite a second one.
    /// </summary>
    public async Task<T> CommitAsync<T>(FollowUpRecord record, Func<Task<T>> commit, T committed)
    {
        try
        {
            return await commit();
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException
            or Azure.RequestFailedException { Status: 0 or >= 500 } and not TableTransactionFailedException)
        {
            if (await CommittedAsync(record))
            {
                return committed;
            }

            throw;
        }
    }

    /// <summary>Whether the record (and so its change) is in storage: one point read, with a timeout of its own.</summary>
    private async Task<bool> CommittedAsync(FollowUpRecord record)
    {
        using var timeout = new CancellationTokenSource(DispatchTimeout);
        try
        {
            var table = await tables.GetAsync(record.Table, timeout.Token);
            return (await table.GetEntityIfExistsAsync<TableEntity>(record.PartitionKey, record.RowKey, select: ["RowKey"], cancellationToken: timeout.Token)).HasValue;
        }
        catch (Exception exception) when (exception is OperationCanceledException or Azure.RequestFailedException)
        {
            return false;
        }
    }

    /// <summary>Closes a follow-up whose change did not commit (refused, or lost a race): one delete, so the sweep need not wait for it.</summary>
    public async Task AbandonAsync(FollowUpRecord record, CancellationToken cancellationToken)
    {
        var moderation = await tables.GetAsync(HubTables.Moderation, cancellationToken);
        using var _ = await moderation.DeleteEntityAsync(ModerationKeys.Partition, FollowUpKeys.Open(record.Id), Azure.ETag.All, cancellationToken);
    }

    /// <summary>
    /// Asks for the follow-up of a committed change. Nothing here can fail the change, not even the
    /// request's deadline (a 503 after a commit would invite a retry that applies it twice): a
    /// message that cannot be sent in <see cref="DispatchTimeout"/> is logged, and the sweep
    /// finishes the record within a minute.
    /// </summary>
    public async Task DispatchAsync(FollowUpRecord record)
    {
        using var timeout = new CancellationTokenSource(DispatchTimeout);
        try
        {
            await queue.SendAsync(record.Address.ToMessage(), visibilityDelay: null, timeout.Token);
        }
        catch (Exception exception)
        {
            LogNotSent(logger, record.Id, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The follow-up {Id} committed but its message could not be sent; the sweep finishes it")]
    private static partial void LogNotSent(ILogger logger, string id, Exception exception);
}
