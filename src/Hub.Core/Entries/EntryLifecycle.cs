using Azure;
using Hub.Core.Audit;
using Hub.Core.FollowUps;
using Hub.Core.Publishing;
using Hub.Core.Storage;

namespace Hub.Core.Entries;

/// <summary>
/// Creating, replacing and deleting an entry. Each change commits with the record of its
/// follow-up in the same transaction (the Resources table's one partition), through the outbox:
/// the follow-up writes the audit row (naming the moderator), renders the pages that show the
/// entry and, for a deletion, removes the discussion (its comments live in another table), so
/// nothing a crash can split is done here.
/// </summary>
public sealed class EntryLifecycle(EntryRepository resources, FollowUpOutbox outbox)
{
    public async Task<WriteResult> SaveAsync(string id, EntryContent content, ETag? ifMatch, string actor, CancellationToken cancellationToken)
    {
        await using var write = await outbox.OpenAsync(HubTables.Resources, EntryKeys.Partition, cancellationToken);
        return await resources.SaveAsync(id, content, ifMatch, write, (before, after) => Saved(actor, id, before, after), cancellationToken);
    }

    public async Task<WriteResult> DeleteAsync(string id, ETag? ifMatch, string actor, CancellationToken cancellationToken)
    {
        await using var write = await outbox.OpenAsync(HubTables.Resources, EntryKeys.Partition, cancellationToken);
        return await resources.DeleteAsync(id, ifMatch, write, before => Deleted(actor, id, before), cancellationToken);
    }

    /// <summary>What follows a save: the audit row (created, or saved with the fields that changed), and the pages of the lists it left and joined.</summary>
    public static EntryChanged Saved(string actor, string id, Entry? before, Entry after)
        => new(new AuditEvent(actor, before is null ? "entry-created" : "entry-saved", id, Rule: before is null ? null : ChangedFields(before, after)),
            id, before is null ? null : EntryListing.Of(before), EntryListing.Of(after));

    /// <summary>What follows a deletion: the audit row, the discussion removed, and the pages of the lists it left.</summary>
    public static EntryChanged Deleted(string actor, string id, Entry before)
        => new(new AuditEvent(actor, "entry-deleted", id), id, EntryListing.Of(before), After: null);

    /// <summary>The fields a save changed, as the audit log names them ("title, body"), or "no change".</summary>
    internal static string ChangedFields(Entry before, Entry after)
    {
        var changed = new List<string>();
        Add(before.Title != after.Title, "title");
        Add(before.Summary != after.Summary, "summary");
        Add(before.Body != after.Body, "body");
        Add(before.Url != after.Url, "url");
        Add(before.Source != after.Source, "source");
        Add(before.PublishedOn != after.PublishedOn, "publishedOn");
        Add(before.Category != after.Category, "category");
        Add(!before.Tags.SequenceEqual(after.Tags, StringComparer.Ordinal), "tags");
        Add(before.Featured != after.Featured, "featured");
        return changed.Count == 0 ? "no change" : string.Join(", ", changed);

        void Add(bool differs, string field)
        {
            if (differs)
            {
                changed.Add(field);
            }
        }
    }
}
