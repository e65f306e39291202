using Hub.Core.Audit;
using Hub.Core.Comments.Storage;
using Hub.Core.Storage;

namespace Hub.Core.Comments;

/// <summary>The personal-data requests WordPress answers under Tools: export, and erase, everything one email address wrote.</summary>
public sealed class PersonalData(AuditLog audit, DiscussionChanges discussion, CommentData data)
{
    private const int MaxAttempts = 3;

    public async Task<IReadOnlyList<ModeratedComment>> ExportAsync(string email, CancellationToken cancellationToken)
    {
        var found = new List<CommentEntity>();
        foreach (var (entryId, commentId) in await CommentsByAsync(email, cancellationToken))
        {
            if (await data.Store.GetAsync(entryId, commentId, cancellationToken) is { } comment && SameAuthor(comment, email))
            {
                found.Add(comment);
            }
        }

        return found.Select(comment => comment.ToModerated(null)).OrderBy(comment => comment.CreatedAt).ToList();
    }

    /// <summary>
    /// Deletes every comment by the address, in whatever status, and every row derived from the
    /// address: the comments' duplicate guards and queue rows go with them, author-index rows
    /// left pointing at nothing (by a crash, or a deleted entry) go too, and so does the flood
    /// check's row for the email. Returns how many comments.
    /// </summary>
    public async Task<int> EraseAsync(string email, string actor, CancellationToken cancellationToken)
    {
        var erased = 0;
        var publicOn = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (entryId, commentId) in await CommentsByAsync(email, cancellationToken))
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var comment = await data.Store.GetAsync(entryId, commentId, cancellationToken);
                if (comment is null)
                {
                    // Rows left by a crash before the comment was stored: they hold the email too.
                    await data.Authors.RemoveAsync(email, entryId, commentId, cancellationToken);
                    await data.ClearQueueAsync(entryId, commentId, cancellationToken);
                    break;
                }

                if (!SameAuthor(comment, email))
                {
                    break;
                }

                var recorded = audit.Entry(new AuditEvent(actor, "erased", entryId, commentId, FromStatus: comment.Status, Rule: "personal-data erasure request"));
                if (await data.DeleteAsync(comment, recorded, cancellationToken) is { } commit)
                {
                    erased++;
                    if (commit.ApprovedCount is { } count)
                    {
                        publicOn[entryId] = count;
                    }

                    break;
                }
            }
        }

        foreach (var (entryId, count) in publicOn)
        {
            await discussion.ChangedAsync(entryId, count, cancellationToken);
        }

        await data.Authors.ForgetLastPostAsync(email, cancellationToken);
        return erased;
    }

    private async Task<IEnumerable<(string EntryId, string CommentId)>> CommentsByAsync(string email, CancellationToken cancellationToken)
        => (await data.Authors.ReadAsync(email, cancellationToken)).Comments.Select(row => (row.EntryId, row.CommentId));

    private static bool SameAuthor(CommentEntity comment, string email) => Hashing.EmailKey(comment.AuthorEmail) == Hashing.EmailKey(email);
}
