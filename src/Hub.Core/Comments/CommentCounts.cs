using Hub.Core.Comments.Storage;
using Hub.Core.Resources;
using Hub.Core.Storage;

namespace Hub.Core.Comments;

/// <summary>
/// Copies an entry's approved-comment count (the <c>count</c> row, which the same transactions as
/// the public rows keep) onto the entry's own rows, so reading an entry or a list never reads comments.
/// </summary>
public sealed class CommentCounts(ResourceRepository resources, HubTables tables)
{
    private const int MaxAttempts = 5;

    private readonly CommentStore _store = new(tables);

    /// <summary>
    /// The entry is read before the count: a copy written by anyone after that read fails ours,
    /// and then both are read again, so an older count never overwrites a newer one.
    /// </summary>
    public async Task RecordAsync(string entryId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await resources.GetCurrentAsync(entryId, cancellationToken) is not { } entry
                || await resources.RecordCommentCountAsync(entry, await _store.CountApprovedAsync(entryId, cancellationToken), cancellationToken))
            {
                return;
            }
        }
    }
}
