using Azure;
using Hub.Core.Audit;
using Hub.Core.Comments.Storage;
using Hub.Core.Publishing;
using Microsoft.Extensions.Logging;

namespace Hub.Core.Resources;

/// <summary>
/// Creating, replacing and deleting an entry together with what hangs off it: its comments live
/// in another table, so deleting an entry is two steps that a crash can split. The entry goes
/// first (readers see it gone at once) and its comments after; if the process dies in between,
/// the leftovers are removed by the next delete of that id (which answers 404 but finishes the
/// work) or before the id is used again, so an old discussion never comes back under a new entry.
/// </summary>
public sealed partial class EntryLifecycle(ResourceRepository resources, AuditLog audit, IPageUpdates pages, CommentData comments, ILogger<EntryLifecycle> logger)
{
    public async Task<WriteResult> SaveAsync(string id, ResourceContent content, ETag? ifMatch, string actor, CancellationToken cancellationToken)
    {
        if (ifMatch is null && await resources.GetCurrentAsync(id, cancellationToken) is null)
        {
            await PurgeCommentsAsync(id, actor, "leftovers of an interrupted delete, removed before the id was used again", cancellationToken);
        }

        var result = await resources.SaveAsync(id, content, ifMatch, cancellationToken);
        if (result.Outcome is WriteOutcome.Created or WriteOutcome.Replaced)
        {
            await UpdatePagesAsync(id, result.Previous, result.Stored?.Entry, cancellationToken);
        }

        return result;
    }

    public async Task<WriteResult> DeleteAsync(string id, ETag? ifMatch, string actor, CancellationToken cancellationToken)
    {
        var result = await resources.DeleteAsync(id, ifMatch, cancellationToken);
        if (result.Outcome == WriteOutcome.Deleted)
        {
            await audit.RecordAsync(new AuditEvent(actor, "entry-deleted", id), cancellationToken);
        }

        if (result.Outcome is WriteOutcome.Deleted or WriteOutcome.NotFound)
        {
            await UpdatePagesAsync(id, result.Previous, null, cancellationToken);
            await PurgeCommentsAsync(id, actor, "deleted with the entry", cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// The pages showing the entry, before and after. Until the follow-up does this off the
    /// request path, a failure to render does not fail the committed change: the site's repair
    /// renders it.
    /// </summary>
    private async Task UpdatePagesAsync(string id, ResourceEntry? before, ResourceEntry? after, CancellationToken cancellationToken)
    {
        try
        {
            await pages.EntryChangedAsync(id, before is null ? null : EntryListing.Of(before), after is null ? null : EntryListing.Of(after), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPagesFailed(logger, id, exception);
        }
    }

    private async Task PurgeCommentsAsync(string entryId, string actor, string why, CancellationToken cancellationToken)
    {
        var purged = await comments.PurgeEntryAsync(entryId, cancellationToken);
        if (purged > 0)
        {
            LogPurged(logger, purged, entryId, why);
            await audit.RecordAsync(new AuditEvent(actor, "entry-comments-deleted", entryId, Rule: $"{purged} comments {why}"), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not render the pages of entry {EntryId}; the site's repair renders them")]
    private static partial void LogPagesFailed(ILogger logger, string entryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} comments of entry {EntryId}: {Why}")]
    private static partial void LogPurged(ILogger logger, int count, string entryId, string why);
}
