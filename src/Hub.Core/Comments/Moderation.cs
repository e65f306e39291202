using Azure;
using Hub.Core.Audit;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Entries;
using Hub.Core.Paging;
using Hub.Core.Publishing;
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
/// deletion. A page of the queue and the counts are one storage read each. A status change is a
/// read of the comment, the follow-up's opening, the comment's transaction (with the record of
/// its follow-up, through the outbox) and the queue message: the queue, the counts, the audit row, the entry's count
/// copy and the page follow off the request path.
/// </summary>
public sealed partial class Moderation(EntryRepository resources, PublicChanges changes, CommentData data, TimeProvider clock, ILogger<Moderation> logger)
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
        if (comment is null)
        {
            return new ModerationResult(ModerationOutcome.NotFound);
        }

        if (!CommentVersion.Matches(ifMatch, comment.Version))
        {
            return new ModerationResult(ModerationOutcome.PreconditionFailed);
        }

        var title = (await resources.GetAsync(entryId, cancellationToken))?.Entry.Title;
        var previous = comment.CurrentStatus;
        if (previous != next)
        {
            var followUp = CommentData.FollowUp(comment, new AuditEvent(actor, "status-changed", entryId, commentId, previous.ToApi(), next.ToApi(), comment.HeldBecause), title, previous, next);
            if (!await data.ChangeStatusAsync(comment, next, followUp, clock.GetUtcNow(), cancellationToken))
            {
                LogLostRace(logger, entryId, commentId, next);
                return new ModerationResult(ModerationOutcome.PreconditionFailed);
            }

            if (previous == CommentStatus.Approved || next == CommentStatus.Approved)
            {
                changes.Record();
            }

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

        var followUp = CommentData.FollowUp(comment, new AuditEvent(actor, "deleted", entryId, commentId, FromStatus: status.ToApi(), Rule: comment.HeldBecause), null, status, null);
        if (!await data.DeleteAsync(comment, followUp, cancellationToken))
        {
            return ModerationOutcome.PreconditionFailed;
        }

        return ModerationOutcome.Done;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Comment {EntryId}/{CommentId} moved from {From} to {To} by {Actor}")]
    private static partial void LogChanged(ILogger logger, string entryId, string commentId, CommentStatus from, CommentStatus to, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Comment {EntryId}/{CommentId} changed while being moved to {To}: refused with 412")]
    private static partial void LogLostRace(ILogger logger, string entryId, string commentId, CommentStatus to);
}
