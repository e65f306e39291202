using Azure;
using Hub.Core.Audit;
using Hub.Core.Comments.Storage;
using Hub.Core.Paging;
using Hub.Core.Resources;
using Microsoft.Extensions.Logging;

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

/// <summary>
/// A moderator's side: the queue, status changes guarded by the comment's version, and permanent
/// deletion. A page of the queue and the counts are one storage read each; a status change is a
/// read of the comment, its transaction, and the queue's transaction (with the audit row), plus
/// the entry's count copy when the comment's public state changes.
/// </summary>
public sealed partial class Moderation(ResourceRepository resources, AuditLog audit, DiscussionChanges discussion, CommentData data, ILogger<Moderation> logger)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    public static bool TryDecodeCursor(string cursor, out string position) => Cursor.TryDecode(cursor, ModerationQueue.IsPosition, out position);

    public async Task<ModerationPage> ListAsync(CommentStatus status, string? after, int limit, CancellationToken cancellationToken)
    {
        var (items, next) = await data.Queue.ListAsync(status, after, limit, cancellationToken);
        return new ModerationPage(items.ConvertAll(item => item.ToModerated()), next);
    }

    public Task<QueueCounts> CountAsync(CancellationToken cancellationToken) => data.Queue.Tally.ReadAsync(cancellationToken);

    /// <summary>One comment as moderators see it, read from its own row (null when there is none).</summary>
    public async Task<ModeratedComment?> GetAsync(string entryId, string commentId, CancellationToken cancellationToken)
        => await data.Store.GetAsync(entryId, commentId, cancellationToken) is { } comment
            ? comment.ToModerated((await resources.GetAsync(entryId, cancellationToken))?.Entry.Title)
            : null;

    public async Task<ModerationResult> ChangeStatusAsync(string entryId, string commentId, CommentStatus next, ETag ifMatch, string actor, CancellationToken cancellationToken)
    {
        var comment = await data.Store.GetAsync(entryId, commentId, cancellationToken);
        var title = (await resources.GetAsync(entryId, cancellationToken))?.Entry.Title;
        if (comment is null)
        {
            // A queue row left by a crash before its comment was stored: acting on it clears it.
            await data.ClearQueueAsync(entryId, commentId, cancellationToken);
            return new ModerationResult(ModerationOutcome.NotFound);
        }

        if (!CommentVersion.Matches(ifMatch, comment.Version))
        {
            // The moderator acted on an older version, perhaps one a crash left in the queue: put
            // the queue right, so that reloading it shows the comment as it is.
            await data.Queue.SyncIfMisplacedAsync(comment, title, cancellationToken);
            return new ModerationResult(ModerationOutcome.PreconditionFailed);
        }

        var previous = comment.CurrentStatus;
        if (previous != next)
        {
            if (await data.ChangeStatusAsync(comment, next, cancellationToken) is not { } commit)
            {
                LogLostRace(logger, entryId, commentId, next);
                return new ModerationResult(ModerationOutcome.PreconditionFailed);
            }

            if (commit.ApprovedCount is { } count)
            {
                await discussion.ChangedAsync(entryId, count, cancellationToken);
            }

            var recorded = audit.Entry(new AuditEvent(actor, "status-changed", entryId, commentId, previous.ToApi(), next.ToApi(), comment.HeldBecause));
            await data.RefileAsync(comment, previous, title, recorded, cancellationToken);
            LogChanged(logger, entryId, commentId, previous, next, actor);
        }

        return new ModerationResult(ModerationOutcome.Done, comment.ToModerated(title));
    }

    public async Task<ModerationOutcome> DeleteAsync(string entryId, string commentId, ETag? ifMatch, string actor, CancellationToken cancellationToken)
    {
        var comment = await data.Store.GetAsync(entryId, commentId, cancellationToken);
        if (comment is null)
        {
            return ModerationOutcome.NotFound;
        }

        if (ifMatch is { } expected && !CommentVersion.Matches(expected, comment.Version))
        {
            return ModerationOutcome.PreconditionFailed;
        }

        var status = comment.CurrentStatus;
        if (status is not (CommentStatus.Spam or CommentStatus.Trash))
        {
            return ModerationOutcome.NotDeletable;
        }

        var recorded = audit.Entry(new AuditEvent(actor, "deleted", entryId, commentId, FromStatus: status.ToApi(), Rule: comment.HeldBecause));
        return await data.DeleteAsync(comment, recorded, cancellationToken) is null ? ModerationOutcome.PreconditionFailed : ModerationOutcome.Done;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Comment {EntryId}/{CommentId} moved from {From} to {To} by {Actor}")]
    private static partial void LogChanged(ILogger logger, string entryId, string commentId, CommentStatus from, CommentStatus to, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Comment {EntryId}/{CommentId} changed while being moved to {To}: refused with 412")]
    private static partial void LogLostRace(ILogger logger, string entryId, string commentId, CommentStatus to);
}
