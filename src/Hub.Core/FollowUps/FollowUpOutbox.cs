using Azure.Data.Tables;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Core.FollowUps;

/// <summary>
/// The one way a write has its follow-up done, whatever it changes. <see cref="OpenAsync"/> opens
/// the follow-up (the <c>open|</c> row, before the change, so the sweep can find the record);
/// <see cref="OutboxWrite.CommitAsync"/> commits the change with the record in one entity group
/// transaction and checks a lost answer; disposing the write starts the follow-up (a queue
/// message) when the change committed, or closes it when the change was refused. A crash before
/// the commit leaves an open row with no record, which the sweep drops; a crash after it leaves a
/// record, which the sweep finishes if no message came.
/// </summary>
public sealed partial class FollowUpOutbox(HubTables tables, FollowUpQueue queue, TimeProvider clock, ILogger<FollowUpOutbox> logger)
{
    /// <summary>How long the steps after a commit (and the lost-answer check) may take: they must never fail a committed change.</summary>
    internal static readonly TimeSpan AfterCommitTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Opens the follow-up of a change about to be made in <paramref name="table"/>'s
    /// <paramref name="partition"/>: one transaction of the Moderation partition, with
    /// <paramref name="alongside"/> (a post's flood claims) when given, so a refusal of those
    /// (<see cref="TableTransactionFailedException"/> at their index) opens nothing.
    /// <paramref name="authorKey"/> lets a personal-data request find the follow-ups of that
    /// author's changes still open.
    /// </summary>
    public async Task<OutboxWrite> OpenAsync(
        string table, string partition, CancellationToken cancellationToken, string? authorKey = null, IReadOnlyList<TableTransactionAction>? alongside = null)
    {
        var at = clock.GetUtcNow();
        var address = new FollowUpAddress(table, partition, FollowUpAddress.NewId(at));
        var moderation = await tables.GetAsync(HubTables.Moderation, cancellationToken);
        var open = new TableEntity(ModerationKeys.Partition, FollowUpKeys.Open(address.Id))
        {
            [nameof(FollowUpAddress.Table)] = address.Table,
            [nameof(FollowUpAddress.Partition)] = address.Partition,
            [FollowUpKeys.OpenAuthor] = authorKey,
        };
        await moderation.SubmitTransactionAsync([.. alongside ?? [], new TableTransactionAction(TableTransactionActionType.Add, open)], cancellationToken);
        return new OutboxWrite(this, address, at);
    }

    internal Task<TableClient> TableAsync(string name, CancellationToken cancellationToken) => tables.GetAsync(name, cancellationToken);

    /// <summary>Whether the record (and so its change) is in storage: one point read, with a timeout of its own.</summary>
    internal async Task<bool> CommittedAsync(FollowUpAddress address)
    {
        using var timeout = new CancellationTokenSource(AfterCommitTimeout);
        try
        {
            var table = await tables.GetAsync(address.Table, timeout.Token);
            return (await table.GetEntityIfExistsAsync<TableEntity>(address.Partition, address.RecordKey, select: ["RowKey"], cancellationToken: timeout.Token)).HasValue;
        }
        catch (Exception exception) when (exception is OperationCanceledException or Azure.RequestFailedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Asks for the follow-up of a committed change. Nothing here can fail the change, not even the
    /// request's deadline (a 503 after a commit would invite a retry that applies it twice): a
    /// message that cannot be sent in time is logged, and the sweep finishes the record.
    /// </summary>
    internal async Task DispatchAsync(FollowUpAddress address)
    {
        using var timeout = new CancellationTokenSource(AfterCommitTimeout);
        try
        {
            await queue.SendAsync(address.ToMessage(), visibilityDelay: null, timeout.Token);
        }
        catch (Exception exception)
        {
            LogNotSent(logger, address.Id, exception);
        }
    }

    /// <summary>Closes a follow-up whose change did not commit: one delete, so the sweep need not wait for it (if it fails, the sweep drops the row later).</summary>
    internal async Task AbandonAsync(FollowUpAddress address)
    {
        using var timeout = new CancellationTokenSource(AfterCommitTimeout);
        try
        {
            var moderation = await tables.GetAsync(HubTables.Moderation, timeout.Token);
            using var _ = await moderation.DeleteEntityAsync(ModerationKeys.Partition, FollowUpKeys.Open(address.Id), Azure.ETag.All, timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or Azure.RequestFailedException)
        {
            LogNotClosed(logger, address.Id, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The follow-up {Id} committed but its message could not be sent; the sweep finishes it")]
    private static partial void LogNotSent(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The follow-up {Id} of a refused change could not be closed; the sweep drops it")]
    private static partial void LogNotClosed(ILogger logger, string id, Exception exception);
}
