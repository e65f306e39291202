using Hub.Core.Audit;
using Hub.Core.Comments.Storage;
using Hub.Core.Discussion;
using Hub.Core.Publishing;
using Hub.Core.Storage;

namespace Hub.Core.Comments;

/// <summary>The personal-data requests WordPress answers under Tools: export, and erase, everything one email address wrote.</summary>
public sealed class PersonalData(AuditLog audit, FloodGuard flood, SettingsStore settings, DiscussionChanges discussion, HubTables tables)
{
    private const int MaxAttempts = 3;

    private readonly CommentData _data = new(tables);

    public async Task<IReadOnlyList<ModeratedComment>> ExportAsync(string email, CancellationToken cancellationToken)
    {
        var found = new List<CommentEntity>();
        foreach (var (entryId, commentId) in await _data.Authors.CommentsByAsync(email, cancellationToken))
        {
            if (await _data.Store.GetAsync(entryId, commentId, cancellationToken) is { } comment && SameAuthor(comment, email))
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
        var publicOn = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entryId, commentId) in await _data.Authors.CommentsByAsync(email, cancellationToken))
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var comment = await _data.Store.GetAsync(entryId, commentId, cancellationToken);
                if (comment is null)
                {
                    await _data.Authors.RemoveAsync(email, entryId, commentId, cancellationToken);
                    break;
                }

                if (!SameAuthor(comment, email))
                {
                    break;
                }

                if (await _data.DeleteAsync(comment, cancellationToken))
                {
                    erased++;
                    if (comment.CurrentStatus == CommentStatus.Approved)
                    {
                        publicOn.Add(entryId);
                    }

                    await audit.RecordAsync(new AuditEvent(actor, "erased", entryId, commentId, FromStatus: comment.Status, Rule: "personal-data erasure request"), cancellationToken);
                    break;
                }
            }
        }

        foreach (var entryId in publicOn)
        {
            await discussion.ChangedAsync(entryId, cancellationToken);
        }

        await flood.ForgetAsync(CommentSubmissions.FloodKeyOfEmail(await settings.GetClientHashSaltAsync(cancellationToken), email), cancellationToken);
        return erased;
    }

    private static bool SameAuthor(CommentEntity comment, string email) => Hashing.EmailKey(comment.AuthorEmail) == Hashing.EmailKey(email);
}
