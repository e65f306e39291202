using Hub.Core.Storage;

namespace Hub.Core.Comments.Storage;

/// <summary>The three tables that together hold comments: the comments, the moderation queue and the author index.</summary>
internal sealed class CommentData
{
    public CommentData(HubTables tables)
    {
        Store = new CommentStore(tables);
        Queue = new ModerationQueue(tables, Store);
        Authors = new AuthorIndex(tables);
    }

    public CommentStore Store { get; }
    public ModerationQueue Queue { get; }
    public AuthorIndex Authors { get; }

    /// <summary>
    /// Removes every comment an entry had, with every row derived from them. The comments go
    /// first and their queue and author-index rows after: a crash in between leaves only rows that
    /// point at nothing (the queue reader drops those; an erasure request removes the email's),
    /// never a comment its author's erasure cannot find. Run again, it finishes the work.
    /// </summary>
    public async Task<int> PurgeEntryAsync(string entryId, CancellationToken cancellationToken)
    {
        var comments = await Store.ListAllAsync(entryId, cancellationToken);
        var deleted = await Store.DeleteEntryAsync(entryId, cancellationToken);
        await Parallel.ForEachAsync(
            comments,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (comment, token) =>
            {
                await Queue.RemoveAsync(comment, comment.CurrentStatus, token);
                await Authors.RemoveAsync(comment, token);
            });
        return deleted;
    }

    /// <summary>Deletes a comment and its index rows; false when it changed since it was read.</summary>
    public async Task<bool> DeleteAsync(CommentEntity comment, CancellationToken cancellationToken)
    {
        var status = comment.CurrentStatus;
        if (!await Store.DeleteAsync(comment, cancellationToken))
        {
            return false;
        }

        await Queue.RemoveAsync(comment, status, cancellationToken);
        await Authors.RemoveAsync(comment, cancellationToken);
        return true;
    }
}
