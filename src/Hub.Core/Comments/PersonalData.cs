using Hub.Core.Audit;
using Hub.Core.Comments.Storage;
using Hub.Core.Storage;

namespace Hub.Core.Comments;

/// <summary>The personal-data requests WordPress answers under Tools: export, and erase, everything one email address wrote.</summary>
public sealed class PersonalData(AuditLog audit, HubTables tables)
{
    private const int MaxAttempts = 3;

    private readonly CommentData _data = new(tables);

    public async Task<IReadOnlyList<ModeratedComment>> ExportAsync(string email, CancellationToken cancellationToken)
    {
        var comments = await ReadAllAsync(email, cancellationToken);
        return comments.Select(comment => comment.ToModerated(null)).OrderBy(comment => comment.CreatedAt).ToList();
    }

    /// <summary>Deletes every comment by the address, in whatever status; returns how many.</summary>
    public async Task<int> EraseAsync(string email, string actor, CancellationToken cancellationToken)
    {
        var erased = 0;
        foreach (var (entryId, commentId) in await _data.Authors.CommentsByAsync(email, cancellationToken))
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var comment = await _data.Store.GetAsync(entryId, commentId, cancellationToken);
                if (comment is null || !SameAuthor(comment, email))
                {
                    break;
                }

                if (await _data.DeleteAsync(comment, cancellationToken))
                {
                    erased++;
                    await audit.RecordAsync(new AuditEvent(actor, "erased", entryId, commentId, FromStatus: comment.Status, Rule: "personal-data erasure request"), cancellationToken);
                    break;
                }
            }
        }

        return erased;
    }

    private async Task<List<CommentEntity>> ReadAllAsync(string email, CancellationToken cancellationToken)
    {
        var found = new List<CommentEntity>();
        foreach (var (entryId, commentId) in await _data.Authors.CommentsByAsync(email, cancellationToken))
        {
            if (await _data.Store.GetAsync(entryId, commentId, cancellationToken) is { } comment && SameAuthor(comment, email))
            {
                found.Add(comment);
            }
        }

        return found;
    }

    private static bool SameAuthor(CommentEntity comment, string email) => Hashing.EmailKey(comment.AuthorEmail) == Hashing.EmailKey(email);
}
