using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Paging;
using Hub.Core.Storage;

namespace Hub.Core.Comments;

/// <summary>Readers' view of comments: an entry's approved comments.</summary>
public sealed class PublicComments(CommentData data)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    private CommentStore Store => data.Store;

    public static bool TryDecodeCursor(string cursor, out string position) => Cursor.TryDecode(cursor, CommentKeys.IsPublic, out position);

    public Task<PublicCommentPage> ListApprovedAsync(string entryId, string? after, int limit, CancellationToken cancellationToken)
        => Store.ListPublicAsync(entryId, after, limit, cancellationToken);
}
