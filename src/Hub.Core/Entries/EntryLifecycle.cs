using System.Text.Json;
using Azure;
using Hub.Core.Audit;
using Hub.Core.FollowUps;
using Hub.Core.Publishing;
using Hub.Core.Storage;

namespace Hub.Core.Entries;

/// <summary>
/// Creating, replacing and deleting an entry. Each change commits with the record of its
/// follow-up in the same transaction (the Resources table's one partition): the follow-up renders
/// the pages that show the entry, writes the audit row and, for a deletion, removes the
/// discussion (its comments live in another table), so nothing a crash can split is done here.
/// </summary>
public sealed class EntryLifecycle(EntryRepository resources, FollowUpOutbox outbox)
{
    public async Task<WriteResult> SaveAsync(string id, EntryContent content, ETag? ifMatch, string actor, CancellationToken cancellationToken)
    {
        var record = NewRecord(id, audit: null);
        await outbox.OpenAsync(record, cancellationToken);
        var result = await resources.SaveAsync(id, content, ifMatch, record, cancellationToken);
        await (result.Outcome is WriteOutcome.Created or WriteOutcome.Replaced ? outbox.DispatchAsync(record) : outbox.AbandonAsync(record, cancellationToken));
        return result;
    }

    public async Task<WriteResult> DeleteAsync(string id, ETag? ifMatch, string actor, CancellationToken cancellationToken)
    {
        var record = NewRecord(id, new AuditEvent(actor, "entry-deleted", id));
        await outbox.OpenAsync(record, cancellationToken);
        var result = await resources.DeleteAsync(id, ifMatch, record, cancellationToken);
        await (result.Outcome == WriteOutcome.Deleted ? outbox.DispatchAsync(record) : outbox.AbandonAsync(record, cancellationToken));
        return result;
    }

    private FollowUpRecord NewRecord(string id, AuditEvent? audit)
    {
        var record = outbox.New(HubTables.Resources, EntryKeys.Partition, FollowUpKind.Entry, audit);
        record.EntryId = id;
        return record;
    }

    /// <summary>How the record keeps an entry's listing.</summary>
    internal static string? ListingJson(Entry? entry)
        => entry is null ? null : JsonSerializer.Serialize(EntryListing.Of(entry), HubJsonContext.Default.EntryListing);
}
