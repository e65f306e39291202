using Hub.Core.Comments.Storage;
using Hub.Core.Paging;
using Hub.Core.Resources;
using Hub.Core.Storage;

namespace Hub.Core.Comments;

/// <summary>Readers' view of comments: an entry's approved comments, and how many each entry has.</summary>
public sealed class PublicComments(HubTables tables)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    private readonly CommentStore _store = new(tables);

    public static bool TryDecodeCursor(string cursor, out string position) => Cursor.TryDecode(cursor, CommentKeys.IsPublic, out position);

    public Task<PublicCommentPage> ListApprovedAsync(string entryId, string? after, int limit, CancellationToken cancellationToken)
        => _store.ListPublicAsync(entryId, after, limit, cancellationToken);

    /// <summary>The entry with its approved-comment count (one point read per entry, in parallel).</summary>
    public async Task<IReadOnlyList<ResourceEntry>> WithCountsAsync(IReadOnlyList<ResourceEntry> entries, CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(entries.Select(entry => _store.CountApprovedAsync(entry.Id, cancellationToken)));
        return entries.Select((entry, index) => entry with { CommentCount = counts[index] }).ToList();
    }
}
