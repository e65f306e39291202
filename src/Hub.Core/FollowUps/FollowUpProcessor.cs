using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Core.Audit;
using Hub.Core.Comments;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Entries;
using Hub.Core.Publishing;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Core.FollowUps;

/// <summary>
/// The one component that does what follows a committed change, and the only one that writes
/// derived state: the audit row, the moderation queue and its counts, the author index and the
/// held-comment notice (<see cref="CommentFiling"/>), the entry's copy of its comment count, and
/// the pages. Started by the queue message a write sends, and by the sweep for a record whose
/// message was lost. Every step is idempotent, so a record finished twice, or at once by two
/// instances, or again after a crash, leaves the same state as finished once.
/// </summary>
public sealed partial class FollowUpProcessor(
    HubTables tables,
    CommentData comments,
    EntryRepository resources,
    CommentCounts counts,
    IPageUpdates pages,
    TimeProvider clock,
    ILogger<FollowUpProcessor> logger)
{
    /// <summary>How old an open follow-up must be before the sweep takes it: its own message has usually done it by then.</summary>
    public static readonly TimeSpan SweepAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an open row may wait for its record before the sweep decides the change never
    /// committed: well past the request deadline and the storage client's retries.
    /// </summary>
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromMinutes(2);

    /// <summary>Open rows one sweep takes at most; the next sweep goes on.</summary>
    public const int SweepBatch = 200;

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
        switch (record.KindValue)
        {
            case FollowUpKind.Comment:
                await FinishCommentAsync(record, cancellationToken);
                break;
            case FollowUpKind.Entry:
                await FinishEntryAsync(record, cancellationToken);
                break;
            case FollowUpKind.Rules:
                await FinishRulesAsync(table, record, cancellationToken);
                break;
            case FollowUpKind.Moderator:
                await RecordAuditAsync(record, cancellationToken);
                break;
        }

        await DeleteIfThereAsync(table, address.Partition, address.RecordKey, cancellationToken);
        await CloseAsync(address.Id, cancellationToken);
        var delay = clock.GetUtcNow() - record.At;
        LogFinished(logger, record.Kind, record.Id, delay);
        return true;
    }

    /// <summary>
    /// Finishes every follow-up left open for longer than <see cref="SweepAfter"/> (at most
    /// <see cref="SweepBatch"/> a run, oldest first), and drops open rows whose change never
    /// committed. Returns how many it finished.
    /// </summary>
    public Task<int> SweepAsync(CancellationToken cancellationToken) => SweepAsync(SweepAfter, cancellationToken);

    /// <summary>Finishes every follow-up open now, whatever its age (tests, and tools that want their work done before they exit).</summary>
    public async Task<int> FinishOpenAsync(CancellationToken cancellationToken)
    {
        var finished = 0;
        for (int batch; (batch = await SweepAsync(TimeSpan.Zero, cancellationToken)) > 0;)
        {
            finished += batch;
        }

        return finished;
    }

    private async Task<int> SweepAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        var moderation = await tables.GetAsync(HubTables.Moderation, cancellationToken);
        var now = clock.GetUtcNow();
        var before = FollowUpKeys.Open(FollowUpAddress.NewId(now - settle));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {FollowUpKeys.OpenPrefix} and RowKey lt {before}");
        var finished = 0;
        var taken = 0;
        await foreach (var open in moderation.QueryAsync<TableEntity>(filter, maxPerPage: SweepBatch, cancellationToken: cancellationToken))
        {
            if (++taken > SweepBatch)
            {
                break;
            }

            var address = new FollowUpAddress(open.GetString("Table") ?? "", open.GetString("Partition") ?? "", open.RowKey[FollowUpKeys.OpenPrefix.Length..]);
            if (await FinishAsync(address, cancellationToken))
            {
                finished++;
            }
            else if (now - address.MadeAt > AbandonAfter)
            {
                await CloseAsync(address.Id, cancellationToken);
            }
        }

        if (finished > 0 && settle > TimeSpan.Zero)
        {
            LogSwept(logger, finished);
        }

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

    private async Task FinishCommentAsync(FollowUpRecord record, CancellationToken cancellationToken)
    {
        var entryId = record.EntryId!;
        var title = (await resources.GetAsync(entryId, cancellationToken))?.Entry.Title;
        var target = new FiledComment(entryId, record.CommentId!, record.CommentCreatedAt ?? default, record.AuthorKey);
        await comments.Filing.FileAsync(target, title, AuditRows(record), record.Notify, gone: false, cancellationToken);
        if (record.FromStatus == CommentStatus.Approved.ToApi() || record.ToStatus == CommentStatus.Approved.ToApi())
        {
            await counts.RecordAsync(entryId, cancellationToken);
            await pages.DiscussionChangedAsync(entryId, cancellationToken);
        }
    }

    private async Task FinishEntryAsync(FollowUpRecord record, CancellationToken cancellationToken)
    {
        var entryId = record.EntryId!;
        var after = Listing(record.ListingAfter);
        if (after is null)
        {
            // Deleted: the discussion goes too, but only what was there before the deletion, in
            // case the id has been used again since.
            var purged = await comments.PurgeEntryAsync(entryId, record.At, cancellationToken);
            if (purged > 0)
            {
                await RecordAuditAsync(record, new AuditEvent(record.Actor, "entry-comments-deleted", entryId, Rule: $"{purged} comments deleted with the entry"), "purge", cancellationToken);
            }
        }

        await RecordAuditAsync(record, cancellationToken);
        await pages.EntryChangedAsync(entryId, Listing(record.ListingBefore), after, cancellationToken);
    }

    /// <summary>Every entry page again, a batch at a time; where it got to is kept in the record, so a crash goes on from there.</summary>
    private async Task FinishRulesAsync(TableClient table, FollowUpRecord record, CancellationToken cancellationToken)
    {
        await RecordAuditAsync(record, cancellationToken);
        var cursor = record.Cursor;
        do
        {
            cursor = await pages.RulesChangedAsync(cursor, cancellationToken);
            if (cursor is not null)
            {
                await table.UpdateEntityAsync(new TableEntity(record.PartitionKey, record.RowKey) { [nameof(FollowUpRecord.Cursor)] = cursor }, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
        }
        while (cursor is not null);
    }

    private Task RecordAuditAsync(FollowUpRecord record, CancellationToken cancellationToken)
        => record.Audit is { } recorded ? RecordAuditAsync(record, recorded, "", cancellationToken) : Task.CompletedTask;

    private async Task RecordAuditAsync(FollowUpRecord record, AuditEvent recorded, string part, CancellationToken cancellationToken)
    {
        var moderation = await tables.GetAsync(HubTables.Moderation, cancellationToken);
        await moderation.SubmitTransactionAsync([AuditLog.Recorded(record.Id + part, record.At, recorded)], cancellationToken);
    }

    private static IReadOnlyList<TableTransactionAction> AuditRows(FollowUpRecord record)
        => record.Audit is { } recorded ? [AuditLog.Recorded(record.Id, record.At, recorded)] : [];

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

    private static EntryListing? Listing(string? json) => json is null ? null : JsonSerializer.Deserialize(json, HubJsonContext.Default.EntryListing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up {Kind} {Id} finished {Delay} after its change")]
    private static partial void LogFinished(ILogger logger, string kind, string id, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "The sweep finished {Count} follow-ups whose message had not done so")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A follow-up message that names no follow-up was dropped ({Length} characters)")]
    private static partial void LogMalformed(ILogger logger, int length);
}
