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

namespace Hub.Core.FollowUps;

/// <summary>
/// The one component that does what follows a committed change, and the only one that writes
/// derived state: the audit row, the moderation queue and its counts, the author index and the
/// held-comment notice (<see cref="CommentFiling"/>), the entry's copy of its comment count, the
/// search index (<see cref="EntrySearch"/>), and the pages. Started by the queue message a write sends, and by the sweep for a record whose
/// message was lost. Every step is idempotent, so a record finished twice, or at once by two
/// instances, or again after a crash, leaves the same state as finished once.
/// </summary>
public sealed partial class FollowUpProcessor(
    HubTables tables,
    CommentData comments,
    EntryRepository resources,
    CommentCounts counts,
    IPageUpdates pages,
    EntrySearch search,
    TimeProvider clock,
    ILogger<FollowUpProcessor> logger)
{
    private readonly RulesPassRow _rulesPass = new(tables);

    /// <summary>How old an open follow-up must be before the sweep takes it: its own message has usually done it by then.</summary>
    public static readonly TimeSpan SweepAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an open row may wait for its record before the sweep decides the change never
    /// committed: well past the request deadline and the storage client's retries.
    /// </summary>
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromMinutes(2);

    /// <summary>Open rows one page of the sweep reads; the sweep reads on while it has time.</summary>
    public const int SweepBatch = 200;

    /// <summary>Follow-ups the sweep finishes at once: a crash leaves a batch behind, and one at a time it took minutes.</summary>
    public const int SweepParallelism = 16;

    /// <summary>How long one sweep goes on reading pages of open rows (the timer fires every 30 s).</summary>
    public static readonly TimeSpan SweepBudget = TimeSpan.FromSeconds(20);

    /// <summary>Finishes the follow-up a queue message names. A message that is not one is logged and dropped: retrying cannot mend it.</summary>
    public async Task FinishAsync(string message, CancellationToken cancellationToken)
    {
        if (!FollowUpAddress.TryParse(message, out var address))
        {
            LogMalformed(logger, message.Length);
            return;
        }

        await FinishAsync(address, cancellationToken);
    }

    /// <summary>Finishes one follow-up; false when its record is not there (finished already, or its change never committed).</summary>
    public async Task<bool> FinishAsync(FollowUpAddress address, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(address.Table, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<FollowUpRecord>(address.Partition, address.RecordKey, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return false;
        }

        var record = found.Value!;
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

        await DeleteIfThereAsync(table, address.Partition, address.RecordKey, cancellationToken);
        await CloseAsync(address.Id, cancellationToken);
        var delay = clock.GetUtcNow() - record.At;
        LogFinished(logger, record.Id, delay);
        return true;
    }

    /// <summary>
    /// Finishes every follow-up left open for longer than <see cref="SweepAfter"/> (oldest first,
    /// <see cref="SweepParallelism"/> at once, for up to <see cref="SweepBudget"/>), and drops
    /// open rows whose change never committed. Returns how many it finished.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var finished = 0;
        for (int batch; (batch = await SweepBatchAsync(SweepAfter, null, cancellationToken)) > 0 && clock.GetElapsedTime(started) < SweepBudget;)
        {
            finished += batch;
        }

        if (finished > 0)
        {
            LogSwept(logger, finished);
        }

        return finished;
    }

    /// <summary>Finishes every follow-up open now, whatever its age (tests, and tools that want their work done before they exit).</summary>
    public async Task<int> FinishOpenAsync(CancellationToken cancellationToken)
    {
        var finished = 0;
        for (int batch; (batch = await SweepBatchAsync(TimeSpan.Zero, null, cancellationToken)) > 0;)
        {
            finished += batch;
        }

        return finished;
    }

    /// <summary>
    /// Finishes the open follow-ups of one author's comment changes, so what their personal-data
    /// request reads (the author index) holds every comment they were answered for, even one
    /// posted a moment ago. Bounded by what is open, not by what the author wrote.
    /// </summary>
    public async Task FinishForAuthorAsync(string authorKey, CancellationToken cancellationToken)
    {
        while (await SweepBatchAsync(TimeSpan.Zero, authorKey, cancellationToken) > 0)
        {
        }
    }

    /// <summary>One page of open rows older than <paramref name="settle"/> (of one author's changes, when given), finished at once; how many it finished.</summary>
    private async Task<int> SweepBatchAsync(TimeSpan settle, string? authorKey, CancellationToken cancellationToken)
    {
        var moderation = await tables.GetAsync(HubTables.Moderation, cancellationToken);
        var now = clock.GetUtcNow();
        var before = FollowUpKeys.Open(FollowUpAddress.NewId(now - settle));
        var filter = authorKey is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {FollowUpKeys.OpenPrefix} and RowKey lt {before}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {FollowUpKeys.OpenPrefix} and RowKey lt {before} and AuthorKey eq {authorKey}");
        var open = new List<FollowUpAddress>();
        await foreach (var page in moderation.QueryAsync<TableEntity>(filter, maxPerPage: SweepBatch, cancellationToken: cancellationToken).AsPages())
        {
            open.AddRange(page.Values.Select(row => new FollowUpAddress(row.GetString("Table") ?? "", row.GetString("Partition") ?? "", row.RowKey[FollowUpKeys.OpenPrefix.Length..])));
            if (open.Count > 0)
            {
                break;
            }
        }

        var finished = 0;
        await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = SweepParallelism, CancellationToken = cancellationToken }, async (address, token) =>
        {
            if (await FinishAsync(address, token))
            {
                Interlocked.Increment(ref finished);
            }
            else if (now - address.MadeAt > AbandonAfter || settle == TimeSpan.Zero && authorKey is null)
            {
                // Its change never committed (or, asked to finish everything now, nothing is in flight).
                await CloseAsync(address.Id, token);
                Interlocked.Increment(ref finished);
            }
        });
        return finished;
    }

    /// <summary>How many follow-ups are open now (bounded: for the console and the check).</summary>
    public async Task<int> CountOpenAsync(CancellationToken cancellationToken)
    {
        var moderation = await tables.GetAsync(HubTables.Moderation, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {FollowUpKeys.OpenPrefix} and RowKey lt {FollowUpKeys.OpenEnd}");
        var open = 0;
        await foreach (var _ in moderation.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (++open == 1000)
            {
                break;
            }
        }

        return open;
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

    private async Task CloseAsync(string id, CancellationToken cancellationToken)
    {
        var moderation = await tables.GetAsync(HubTables.Moderation, cancellationToken);
        await DeleteIfThereAsync(moderation, ModerationKeys.Partition, FollowUpKeys.Open(id), cancellationToken);
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "The sweep finished {Count} follow-ups whose message had not done so")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A follow-up message that names no follow-up was dropped ({Length} characters)")]
    private static partial void LogMalformed(ILogger logger, int length);

    [LoggerMessage(Level = LogLevel.Error, Message = "The follow-up record {Id} in {Table} is not one this build can read; it was dropped")]
    private static partial void LogUnreadable(ILogger logger, string id, string table);
}
