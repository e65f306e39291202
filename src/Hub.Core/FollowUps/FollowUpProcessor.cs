using Azure;
using Azure.Data.Tables;
using Hub.Core.Audit;
using Hub.Core.Comments;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Entries;
using Hub.Core.Publishing;
using Hub.Core.Search;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Core.FollowUps;

/// <summary>
/// The one component that does what follows a committed change, and the only one that writes
/// derived state: the audit row, the moderation queue and its counts, the author index and the
/// held-comment notice (<see cref="CommentFiling"/>), the entry's copy of its comment count, the
/// search index (<see cref="EntrySearch"/>), and the pages. Started by the messages a write sends (<see cref="FollowUpOutbox"/>): its start
/// message, and its safety message for a record the start message did not finish. Every step is
/// idempotent, so a record finished twice, or at once by two instances, or again after a crash,
/// leaves the same state as finished once.
/// </summary>
public sealed partial class FollowUpProcessor(
    HubTables tables,
    CommentData comments,
    EntryRepository resources,
    CommentCounts counts,
    IPageUpdates pages,
    FollowUpQueue queue,
    StartedFollowUps started,
    IOptions<FollowUpOptions> options,
    EntrySearch search,
    TimeProvider clock,
    ILogger<FollowUpProcessor> logger)
{
    private readonly RulesPassRow _rulesPass = new(tables);

    /// <summary>Follow-ups <see cref="FinishOpenAsync"/> finishes at once.</summary>
    public const int Parallelism = 16;

    /// <summary>
    /// Handles one message of the follow-up queue. A start message finishes its record, keeping the
    /// write's safety message hidden meanwhile, and then deletes it. A safety message whose record
    /// is gone (finished, or its change never committed) is dropped; one whose record is there sends
    /// the next safety message first, so that if this instance dies too the record waits one delay,
    /// not the trigger's 10-minute lease on this message; a failure then is logged and left to that
    /// next message rather than retried at once. A message that is not one is logged and dropped:
    /// retrying cannot mend it.
    /// </summary>
    public async Task FinishAsync(string message, CancellationToken cancellationToken)
    {
        if (!FollowUpMessage.TryParse(message, out var parsed))
        {
            LogMalformed(logger, message.Length);
            return;
        }

        if (parsed.Safety is { } safety)
        {
            await FinishHoldingAsync(parsed.Address, safety, cancellationToken);
            return;
        }

        var (table, record) = await ReadAsync(parsed.Address, cancellationToken);
        if (record is null)
        {
            return;
        }

        var next = await queue.SendAsync(FollowUpMessage.For(parsed.Address, safety: null).ToText(), options.Value.SafetyDelay, cancellationToken);
        var waited = clock.GetUtcNow() - record.At;
        LogSafetyArrived(logger, record.Id, waited);
        try
        {
            await FinishHoldingAsync(table, record, next, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailedAgain(logger, record.Id, options.Value.SafetyDelay, exception);
        }
    }

    /// <summary>Finishes one follow-up; false when its record is not there (finished already, or its change never committed).</summary>
    public async Task<bool> FinishAsync(FollowUpAddress address, CancellationToken cancellationToken)
    {
        var (table, record) = await ReadAsync(address, cancellationToken);
        if (record is null)
        {
            return false;
        }

        await FinishAsync(table, record, cancellationToken);
        return true;
    }

    /// <summary>
    /// Finishes every follow-up this process started and has not seen finished (see
    /// <see cref="StartedFollowUps"/>), as their safety messages would, now and <see cref="Parallelism"/>
    /// at once, and deletes those messages; returns how many records it finished. For tests, and
    /// tools that want their work done before they exit: follow-ups other processes started are
    /// theirs, and their safety messages'.
    /// </summary>
    public async Task<int> FinishOpenAsync(CancellationToken cancellationToken)
    {
        var finished = 0;
        await Parallel.ForEachAsync(started.Snapshot(), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (open, token) =>
        {
            if (await FinishHoldingAsync(open.Address, open.Safety, token))
            {
                Interlocked.Increment(ref finished);
            }
        });
        return finished;
    }

    /// <summary>Finishes a follow-up holding its safety message, which it deletes once the record is done; false when the record was not there.</summary>
    private async Task<bool> FinishHoldingAsync(FollowUpAddress address, SafetyMessage safety, CancellationToken cancellationToken)
    {
        await using var held = HeldSafetyMessage.Hold(queue, safety, options.Value.SafetyDelay, clock);
        var done = await FinishAsync(address, cancellationToken);
        await held.ReleaseAsync(cancellationToken);
        started.Remove(address.Id);
        return done;
    }

    private async Task FinishHoldingAsync(TableClient table, FollowUpRecord record, SafetyMessage safety, CancellationToken cancellationToken)
    {
        await using var held = HeldSafetyMessage.Hold(queue, safety, options.Value.SafetyDelay, clock);
        await FinishAsync(table, record, cancellationToken);
        await held.ReleaseAsync(cancellationToken);
    }

    private async Task<(TableClient Table, FollowUpRecord? Record)> ReadAsync(FollowUpAddress address, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(address.Table, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<FollowUpRecord>(address.Partition, address.RecordKey, cancellationToken: cancellationToken);
        return (table, found.HasValue ? found.Value : null);
    }

    private async Task FinishAsync(TableClient table, FollowUpRecord record, CancellationToken cancellationToken)
    {
        var work = record.Read();
        switch (work)
        {
            case CommentChanged comment:
                await FinishCommentAsync(record, comment, cancellationToken);
                break;
            case EntryChanged entry:
                await FinishEntryAsync(record, entry, cancellationToken);
                break;
            case RulesChanged rules:
                await FinishRulesAsync(record, rules, cancellationToken);
                break;
            case ModeratorChanged:
                await RecordAuditAsync(record, work.Audit, "", cancellationToken);
                break;
            default:
                LogUnreadable(logger, record.Id, record.Table);
                break;
        }

        await DeleteIfThereAsync(table, record.PartitionKey, record.RowKey, cancellationToken);
        var delay = clock.GetUtcNow() - record.At;
        LogFinished(logger, record.Id, delay);
    }

    private async Task FinishCommentAsync(FollowUpRecord record, CommentChanged change, CancellationToken cancellationToken)
    {
        var target = new FiledComment(change.EntryId, change.CommentId, change.CommentCreatedAt, change.AuthorKey);
        await comments.Filing.FileAsync(target, change.EntryTitle, AuditRows(record, change.Audit), change.Notify, gone: false, cancellationToken);

        // A comment whose entry has been deleted (posted while an instance still held the entry in
        // memory, or filed after the deletion's follow-up purged the discussion) goes the same way.
        var entry = await resources.GetCurrentAsync(change.EntryId, cancellationToken);
        if (entry is null)
        {
            await comments.PurgeCommentAsync(target, cancellationToken);
            return;
        }

        if (change.Public)
        {
            await counts.RecordAsync(change.EntryId, cancellationToken, read: entry);

            // Search results show the count too.
            await search.EntryChangedAsync(change.EntryId, cancellationToken);
            await pages.DiscussionChangedAsync(change.EntryId, cancellationToken);
        }
    }

    private async Task FinishEntryAsync(FollowUpRecord record, EntryChanged change, CancellationToken cancellationToken)
    {
        if (change.After is null)
        {
            // Deleted: the discussion goes too, but only what was there before the deletion, in
            // case the id has been used again since.
            var purged = await comments.PurgeEntryAsync(change.EntryId, record.At, cancellationToken);
            if (purged > 0)
            {
                await RecordAuditAsync(record, change.Audit with { Action = "entry-comments-deleted", Rule = $"{purged} comments deleted with the entry" }, "purge", cancellationToken);
            }
        }

        await RecordAuditAsync(record, change.Audit, "", cancellationToken);
        await search.EntryChangedAsync(change.EntryId, cancellationToken);
        await pages.EntryChangedAsync(change.EntryId, change.Before, change.After, cancellationToken);
    }

    /// <summary>
    /// Every entry page again, through the one <see cref="RulesPass"/>: started by this follow-up
    /// when none is under way (and then advanced by it, a batch at a time, where it got to kept in
    /// the pass's row so a crash goes on from there), or restarted from where it is when another
    /// follow-up owns it (that one's record stays until the pass ends, so this one is done).
    /// </summary>
    private async Task FinishRulesAsync(FollowUpRecord record, RulesChanged change, CancellationToken cancellationToken)
    {
        await RecordAuditAsync(record, change.Audit, "", cancellationToken);
        while (true)
        {
            var (pass, etag) = await _rulesPass.ReadAsync(cancellationToken);
            var now = clock.GetUtcNow();
            if (pass is null)
            {
                await _rulesPass.TryWriteAsync(RulesPass.Start(record.Id, now), etag, cancellationToken);
                continue;
            }

            if (pass.Owner != record.Id && pass.Until > now)
            {
                if (pass.Restarted() == pass || await _rulesPass.TryWriteAsync(pass.Restarted(), etag, cancellationToken))
                {
                    return;
                }

                continue;
            }

            if (pass.Owner != record.Id)
            {
                // Its owner has not advanced it for a lease: take it over, covering this change too.
                await _rulesPass.TryWriteAsync(pass.Restarted() with { Owner = record.Id, Until = now + RulesPass.Lease }, etag, cancellationToken);
                continue;
            }

            var next = await pages.RulesChangedAsync(pass.Cursor, cancellationToken);
            var advanced = pass.Advanced(next, clock.GetUtcNow());
            if (await _rulesPass.TryWriteAsync(advanced, etag, cancellationToken) && advanced is null)
            {
                return;
            }
        }
    }

    private async Task RecordAuditAsync(FollowUpRecord record, AuditEvent recorded, string part, CancellationToken cancellationToken)
    {
        var moderation = await tables.GetAsync(HubTables.Moderation, cancellationToken);
        await moderation.SubmitTransactionAsync([AuditLog.Recorded(record.Id + part, record.At, recorded)], cancellationToken);
    }

    private static IReadOnlyList<TableTransactionAction> AuditRows(FollowUpRecord record, AuditEvent recorded) => [AuditLog.Recorded(record.Id, record.At, recorded)];

    private static async Task DeleteIfThereAsync(TableClient table, string partition, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            using var _ = await table.DeleteEntityAsync(partition, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up {Id} finished {Delay} after its change")]
    private static partial void LogFinished(ILogger logger, string id, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The safety message of follow-up {Id} found it unfinished {Delay} after its change (its start message was lost, failed, or its instance died); finishing it")]
    private static partial void LogSafetyArrived(ILogger logger, string id, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Follow-up {Id} failed again; its next safety message tries again in {Delay}")]
    private static partial void LogFailedAgain(ILogger logger, string id, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A follow-up message that names no follow-up was dropped ({Length} characters)")]
    private static partial void LogMalformed(ILogger logger, int length);

    [LoggerMessage(Level = LogLevel.Error, Message = "The follow-up record {Id} in {Table} is not one this build can read; it was dropped")]
    private static partial void LogUnreadable(ILogger logger, string id, string table);
}
