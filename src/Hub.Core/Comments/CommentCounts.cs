using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Entries;

namespace Hub.Core.Comments;

/// <summary>
/// Copies an entry's approved-comment count (its public rows, counted) onto the entry's own rows,
/// so reading an entry or a list never reads comments. The follow-up of every public change does it.
/// </summary>
public sealed class CommentCounts(EntryRepository resources, CommentData data)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// The entry is read before the count: a copy written by anyone after that read fails ours,
    /// and then both are read again, so an older count never overwrites a newer one.
    /// </summary>
    /// <param name="read">The entry as the caller has just read it from storage (not from memory), to spare the first read.</param>
    public async Task RecordAsync(string entryId, CancellationToken cancellationToken, StoredEntry? read = null)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var entry = attempt == 1 && read is not null ? read : await resources.GetCurrentAsync(entryId, cancellationToken);
            if (entry is null || await resources.RecordCommentCountAsync(entry, await data.Store.CountApprovedAsync(entryId, cancellationToken), cancellationToken))
            {
                return;
            }
        }
    }
}
