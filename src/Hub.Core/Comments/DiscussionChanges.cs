using Hub.Core.Publishing;

namespace Hub.Core.Comments;

/// <summary>
/// What follows a committed change to an entry's public comments: the count is copied onto the
/// entry, memory kept for readers is dropped, and the pages are rendered again. A crash before
/// this finishes leaves a stale copy and page, which the site's repair puts right.
/// </summary>
public sealed class DiscussionChanges(CommentCounts counts, IPageUpdates pages, PublicChanges changes)
{
    /// <param name="approvedCount">The count the change left, as its own transaction wrote it.</param>
    public async Task ChangedAsync(string entryId, int approvedCount, CancellationToken cancellationToken)
    {
        await counts.RecordAsync(entryId, approvedCount, cancellationToken);
        changes.Record();
        await pages.DiscussionChangedAsync(entryId, cancellationToken);
    }
}
