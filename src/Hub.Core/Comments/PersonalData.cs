using Hub.Core.Audit;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.FollowUps;
using Hub.Core.Publishing;
using Hub.Core.Storage;

namespace Hub.Core.Comments;

/// <summary>
/// The personal-data requests WordPress answers under Tools: export, and erase, everything one
/// author wrote, named by an email address or a signed-in identity (its <see cref="AuthorKeys"/> key).
/// </summary>
public sealed class PersonalData(PublicChanges changes, CommentData data, FollowUpProcessor followUps)
{
    private const int MaxAttempts = 3;

    public async Task<IReadOnlyList<ModeratedComment>> ExportAsync(string authorKey, CancellationToken cancellationToken)
    {
        var found = new List<CommentEntity>();
        foreach (var (entryId, commentId) in await CommentsByAsync(authorKey, cancellationToken))
        {
            if (await data.Store.GetAsync(entryId, commentId, cancellationToken) is { } comment && SameAuthor(comment, authorKey))
            {
                found.Add(comment);
            }
        }

        return found.Select(comment => comment.ToModerated(null)).OrderBy(comment => comment.CreatedAt).ToList();
    }

    /// <summary>
    /// Deletes every comment by the address, in whatever status, each with the record of its
    /// follow-up, which takes its queue, author and notice rows away; the flood check's row for
    /// the author goes too. Author rows that point at nothing (a comment already gone, its
    /// follow-up still to run) are left to that follow-up. Returns how many comments.
    /// </summary>
    public async Task<int> EraseAsync(string authorKey, string actor, CancellationToken cancellationToken)
    {
        var erased = 0;
        foreach (var (entryId, commentId) in await CommentsByAsync(authorKey, cancellationToken))
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var comment = await data.Store.GetAsync(entryId, commentId, cancellationToken);
                if (comment is null || !SameAuthor(comment, authorKey))
                {
                    break;
                }

                var followUp = CommentData.FollowUp(comment, new AuditEvent(actor, "erased", entryId, commentId, FromStatus: comment.Status, Rule: "personal-data erasure request"), null, comment.CurrentStatus, null);
                if (await data.DeleteAsync(comment, followUp, cancellationToken))
                {
                    erased++;
                    if (comment.CurrentStatus == CommentStatus.Approved)
                    {
                        changes.Record();
                    }

                    break;
                }
            }
        }

        await data.Authors.ForgetLastPostAsync(authorKey, cancellationToken);
        return erased;
    }

    /// <summary>
    /// Every comment the author index holds for the author, and those of the author's posts it may
    /// not hold yet (their follow-ups still to run: the author's row lists them, see
    /// <see cref="UnfiledPosts"/>), whose follow-ups are finished first so that what the index and
    /// the queue say agrees with what this request does: a comment posted a moment ago is found
    /// too. One range query, and a follow-up for each post still unfiled (usually none).
    /// </summary>
    private async Task<IEnumerable<(string EntryId, string CommentId)>> CommentsByAsync(string authorKey, CancellationToken cancellationToken)
    {
        var author = await data.Authors.ReadAsync(authorKey, cancellationToken);
        var unfiled = UnfiledPosts.Of(author);
        foreach (var post in unfiled)
        {
            await followUps.FinishAsync(post.FollowUp, cancellationToken);
        }

        return author.Comments.Select(row => (row.EntryId, row.CommentId)).Concat(unfiled.Select(post => (post.EntryId, post.CommentId))).Distinct();
    }

    private static bool SameAuthor(CommentEntity comment, string authorKey) => comment.AuthorKey == authorKey;
}
