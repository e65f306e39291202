using Hub.Core.Publishing;
using Microsoft.Extensions.Logging;

namespace Hub.Core.Comments;

/// <summary>
/// What follows a committed change to an entry's public comments: the count is copied onto the
/// entry, memory kept for readers is dropped, and the pages are rendered again. A crash before
/// this finishes leaves a stale copy and page, which the site's repair puts right.
/// </summary>
public sealed partial class DiscussionChanges(CommentCounts counts, IPageUpdates pages, PublicChanges changes, ILogger<DiscussionChanges> logger)
{
    /// <param name="approvedCount">The count the change left, as its own transaction wrote it.</param>
    public async Task ChangedAsync(string entryId, int approvedCount, CancellationToken cancellationToken)
    {
        await counts.RecordAsync(entryId, approvedCount, cancellationToken);
        changes.Record();
        try
        {
            await pages.DiscussionChangedAsync(entryId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The change has committed; until the follow-up renders off the request path, the site's repair renders the page.
            LogPagesFailed(logger, entryId, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not render the page of entry {EntryId}; the site's repair renders it")]
    private static partial void LogPagesFailed(ILogger logger, string entryId, Exception exception);
}
