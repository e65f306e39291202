using Azure;
using Hub.Core.Audit;
using Hub.Core.Comments.Storage;
using Hub.Core.Paging;
using Hub.Core.Publishing;
using Hub.Core.Resources;
using Hub.Core.Storage;

namespace Hub.Core.Comments;

public enum ModerationOutcome
{
    Done,
    NotFound,
    PreconditionFailed,

    /// <summary>Permanent deletion is only for comments in spam or trash.</summary>
    NotDeletable,
}

public sealed record ModerationResult(ModerationOutcome Outcome, ModeratedComment? Comment = null);

/// <summary>A moderator's side: the queue, status changes guarded by ETags, and permanent deletion.</summary>
public sealed class Moderation(ResourceRepository resources, AuditLog audit, DiscussionChanges discussion, TimeProvider clock, HubTables tables)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    private readonly CommentData _data = new(tables);

    public static bool TryDecodeCursor(string cursor, out string position) => Cursor.TryDecode(cursor, ModerationQueue.IsPosition, out position);

    public async Task<ModerationPage> ListAsync(CommentStatus status, string? after, int limit, CancellationToken cancellationToken)
    {
        var (items, next) = await _data.Queue.ListAsync(status, after, limit, cancellationToken);
        var titles = await TitlesAsync(items.Select(item => item.EntryId), cancellationToken);
        return new ModerationPage(items.Select(item => item.ToModerated(titles.GetValueOrDefault(item.EntryId))).ToList(), next);
    }

    public async Task<QueueCounts> CountAsync(CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(Enum.GetValues<CommentStatus>().Select(status => _data.Queue.CountAsync(status, cancellationToken)));
        return new QueueCounts(counts[(int)CommentStatus.Pending], counts[(int)CommentStatus.Approved], counts[(int)CommentStatus.Spam], counts[(int)CommentStatus.Trash]);
    }

    public async Task<ModerationResult> ChangeStatusAsync(string entryId, string commentId, CommentStatus next, ETag ifMatch, string actor, CancellationToken cancellationToken)
    {
        var comment = await _data.Store.GetAsync(entryId, commentId, cancellationToken);
        if (comment is null)
        {
            return new ModerationResult(ModerationOutcome.NotFound);
        }

        if (ifMatch != ETag.All && ifMatch != comment.ETag)
        {
            return new ModerationResult(ModerationOutcome.PreconditionFailed);
        }

        var previous = comment.CurrentStatus;
        if (previous != next)
        {
            // The new queue row first, the old one last: whatever fails in between, the comment stays findable in its real status.
            await _data.Queue.AddAsync(comment, next, cancellationToken);
            if (await _data.Store.ChangeStatusAsync(comment, next, clock.GetUtcNow(), cancellationToken) is null)
            {
                // Lost the race. The queue row for the new status is the same row the winner may
                // have written for the same change: remove it only if the comment is not there.
                if ((await _data.Store.GetAsync(entryId, commentId, cancellationToken))?.CurrentStatus != next)
                {
                    await _data.Queue.RemoveAsync(comment, next, cancellationToken);
                }

                return new ModerationResult(ModerationOutcome.PreconditionFailed);
            }

            await _data.Queue.RemoveAsync(comment, previous, cancellationToken);
            if (previous == CommentStatus.Approved || next == CommentStatus.Approved)
            {
                await discussion.ChangedAsync(entryId, cancellationToken);
            }

            await audit.RecordAsync(new AuditEvent(actor, "status-changed", entryId, commentId, previous.ToApi(), next.ToApi(), comment.HeldBecause), cancellationToken);
        }

        var titles = await TitlesAsync([entryId], cancellationToken);
        return new ModerationResult(ModerationOutcome.Done, comment.ToModerated(titles.GetValueOrDefault(entryId)));
    }

    public async Task<ModerationOutcome> DeleteAsync(string entryId, string commentId, ETag? ifMatch, string actor, CancellationToken cancellationToken)
    {
        var comment = await _data.Store.GetAsync(entryId, commentId, cancellationToken);
        if (comment is null)
        {
            return ModerationOutcome.NotFound;
        }

        if (ifMatch is { } expected && expected != ETag.All && expected != comment.ETag)
        {
            return ModerationOutcome.PreconditionFailed;
        }

        var status = comment.CurrentStatus;
        if (status is not (CommentStatus.Spam or CommentStatus.Trash))
        {
            return ModerationOutcome.NotDeletable;
        }

        if (!await _data.DeleteAsync(comment, cancellationToken))
        {
            return ModerationOutcome.PreconditionFailed;
        }

        await audit.RecordAsync(new AuditEvent(actor, "deleted", entryId, commentId, FromStatus: status.ToApi(), Rule: comment.HeldBecause), cancellationToken);
        return ModerationOutcome.Done;
    }

    private async Task<Dictionary<string, string>> TitlesAsync(IEnumerable<string> entryIds, CancellationToken cancellationToken)
    {
        var ids = entryIds.Distinct(StringComparer.Ordinal).ToArray();
        var entries = await Task.WhenAll(ids.Select(id => resources.GetAsync(id, cancellationToken)));
        return entries.OfType<StoredResource>().ToDictionary(entry => entry.Entry.Id, entry => entry.Entry.Title, StringComparer.Ordinal);
    }
}
