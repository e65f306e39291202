using Hub.Core.Comments.Storage;
using Hub.Core.Resources;

namespace Hub.Core.Comments;

/// <summary>
/// Copies an entry's approved-comment count (the <c>count</c> row, which the same transactions as
/// the public rows keep) onto the entry's own rows, so reading an entry or a list never reads comments.
/// </summary>
public sealed class CommentCounts(ResourceRepository resources, CommentData data)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Copies the count a change just committed, conditional on the entry as this instance last
    /// read it (usually from memory: no read). Every change writes its own count after it
    /// commits, so when this one fails (the entry changed, or another count got there first) the
    /// fresh count is read instead.
    /// </summary>
    public async Task RecordAsync(string entryId, int committedCount, CancellationToken cancellationToken)
    {
        if (await resources.GetAsync(entryId, cancellationToken) is { } entry
            && await resources.RecordCommentCountAsync(entry, committedCount, cancellationToken))
        {
            return;
        }

        await RecordAsync(entryId, cancellationToken);
    }

    /// <summary>
    /// The entry is read before the count: a copy written by anyone after that read fails ours,
    /// and then both are read again, so an older count never overwrites a newer one.
    /// </summary>
    public async Task RecordAsync(string entryId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await resources.GetCurrentAsync(entryId, cancellationToken) is not { } entry
                || await resources.RecordCommentCountAsync(entry, await data.Store.CountApprovedAsync(entryId, cancellationToken), cancellationToken))
            {
                return;
            }
        }
    }
}
