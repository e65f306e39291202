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
