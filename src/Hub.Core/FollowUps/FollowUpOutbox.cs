using Hub.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Core.FollowUps;

/// <summary>
/// The one way a write has its follow-up done, whatever it changes, with no row written anywhere
/// but in the change's own transaction. <see cref="OpenAsync"/> sends the follow-up's safety
/// message, hidden for <see cref="FollowUpOptions.SafetyDelay"/>, before the change;
/// <see cref="OutboxWrite.CommitAsync"/> commits the change with the record in one entity group
/// transaction, within <see cref="CommitWindow"/> of that send, and checks a lost answer; disposing
/// the write sends the start message (visible at once, naming the safety message, which whoever
/// finishes the follow-up deletes) when the change committed, or deletes the safety message when
/// it was refused. A crash before the commit leaves a safety message whose record never appears:
/// it is dropped when it arrives. A crash after it leaves the record and its safety message, which
/// finishes it when it arrives, whatever became of the start message.
/// </summary>
public sealed partial class FollowUpOutbox(
    HubTables tables, FollowUpQueue queue, StartedFollowUps started, IOptions<FollowUpOptions> options, TimeProvider clock, ILogger<FollowUpOutbox> logger)
{
    /// <summary>How long the steps after a commit (and the lost-answer check) may take: they must never fail a committed change.</summary>
    internal static readonly TimeSpan AfterCommitTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long after its safety message is sent a write may still send its commit: the storage
    /// client's tries stop then, so a transaction storage has not received by then never arrives.
    /// With the tables' server timeout (<see cref="Storage.TableServerTimeout"/>) it bounds when a change can commit, which
    /// <see cref="FollowUpOptions.SafetyDelay"/> must outlast. A request has 5 s in all.
    /// </summary>
    public static readonly TimeSpan CommitWindow = TimeSpan.FromSeconds(10);

    internal TimeSpan SafetyDelay => options.Value.SafetyDelay;

    /// <summary>
    /// Opens the follow-up of a change about to be made in <paramref name="table"/>'s
    /// <paramref name="partition"/>: sends its safety message (one queue request). If that fails,
    /// the write fails before anything has changed.
    /// </summary>
    public async Task<OutboxWrite> OpenAsync(string table, string partition, CancellationToken cancellationToken)
    {
        var opened = clock.GetTimestamp();
        var at = clock.GetUtcNow();
        var address = new FollowUpAddress(table, partition, FollowUpAddress.NewId(at));
        var safety = await queue.SendAsync(FollowUpMessage.For(address, safety: null).ToText(), options.Value.SafetyDelay, cancellationToken);
        started.Add(address, safety);
        return new OutboxWrite(this, address, at, safety, opened);
    }

    internal Task<Azure.Data.Tables.TableClient> TableAsync(string name, CancellationToken cancellationToken) => tables.GetAsync(name, cancellationToken);

    /// <summary>How much of the <see cref="CommitWindow"/> opened at <paramref name="opened"/> is left.</summary>
    internal TimeSpan CommitTimeLeft(long opened) => CommitWindow - clock.GetElapsedTime(opened);

    /// <summary>Whether the record (and so its change) is in storage: one point read, with a timeout of its own.</summary>
    internal async Task<bool> CommittedAsync(FollowUpAddress address)
    {
        using var timeout = new CancellationTokenSource(AfterCommitTimeout);
        try
        {
            var table = await tables.GetAsync(address.Table, timeout.Token);
            return (await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(address.Partition, address.RecordKey, select: ["RowKey"], cancellationToken: timeout.Token)).HasValue;
        }
        catch (Exception exception) when (exception is OperationCanceledException or Azure.RequestFailedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts the follow-up of a committed change: its start message, naming its safety message.
    /// Nothing here can fail the change, not even the request's deadline (a 503 after a commit would
    /// invite a retry that applies it twice): a message that cannot be sent in time is logged, and
    /// the safety message finishes the record when it arrives.
    /// </summary>
    internal async Task DispatchAsync(FollowUpAddress address, SafetyMessage safety)
    {
        using var timeout = new CancellationTokenSource(AfterCommitTimeout);
        try
        {
            await queue.SendAsync(FollowUpMessage.For(address, safety).ToText(), visibilityDelay: null, timeout.Token);
        }
        catch (Exception exception)
        {
            LogNotSent(logger, address.Id, options.Value.SafetyDelay, exception);
        }
    }

    /// <summary>Closes a follow-up whose change did not commit: its safety message deleted (if that fails, it arrives, finds no record and is dropped).</summary>
    internal async Task AbandonAsync(FollowUpAddress address, SafetyMessage safety)
    {
        started.Remove(address.Id);
        using var timeout = new CancellationTokenSource(AfterCommitTimeout);
        try
        {
            await queue.DeleteAsync(safety, timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or Azure.RequestFailedException or HttpRequestException)
        {
            LogNotClosed(logger, address.Id, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The follow-up {Id} committed but its start message could not be sent; its safety message finishes it within {Delay}")]
    private static partial void LogNotSent(ILogger logger, string id, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The safety message of {Id}, a change that did not commit, could not be deleted; it is dropped when it arrives")]
    private static partial void LogNotClosed(ILogger logger, string id, Exception exception);
}
