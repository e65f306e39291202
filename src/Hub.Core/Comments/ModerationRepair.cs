using Hub.Core.Comments.Storage;
using Hub.Core.Resources;
using Microsoft.Extensions.Logging;

namespace Hub.Core.Comments;

public sealed record RepairReport(int CommentsChecked, int QueueRowsFixed, QueueCounts Counts);

/// <summary>
/// Puts the moderation rows right after a crash between a comment's transaction and the
/// queue's: every comment is compared with the queue (a row in the wrong tab, a row for a comment
/// that was never stored or is gone, a stale title) and the tab counts are counted again. It
/// reads every comment, so it runs on a schedule (hourly), not per request.
/// </summary>
public sealed partial class ModerationRepair(CommentData data, ResourceRepository resources, TimeProvider clock, ILogger<ModerationRepair> logger)
{
    public async Task<RepairReport> RunAsync(CancellationToken cancellationToken)
    {
        var comments = await data.Store.ListEveryAsync(cancellationToken);
        var queued = await data.Queue.ListEveryAsync(cancellationToken);
        var titles = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entryId in comments.Select(comment => comment.EntryId).Concat(queued.Select(row => row.EntryId)).Distinct(StringComparer.Ordinal))
        {
            titles[entryId] = (await resources.GetAsync(entryId, cancellationToken))?.Entry.Title;
        }

        var byKey = comments.ToDictionary(comment => QueueEntity.Of(comment, null).RowKey, StringComparer.Ordinal);
        var byId = comments.ToDictionary(comment => (comment.EntryId, comment.Id));
        var fixedRows = 0;
        foreach (var row in queued)
        {
            var comment = byKey.GetValueOrDefault(row.RowKey);
            if (comment is null || row.Version != comment.Version || row.EntryTitle != titles[row.EntryId])
            {
                var current = byId.GetValueOrDefault((row.EntryId, row.CommentId));
                await data.Queue.SyncAsync(row.EntryId, row.CommentId, row.CreatedAt, current, titles[row.EntryId], () => [], clock.GetUtcNow(), cancellationToken);
                fixedRows++;
            }
        }

        var queuedKeys = queued.Select(row => row.RowKey).ToHashSet(StringComparer.Ordinal);
        foreach (var comment in byKey.Where(pair => !queuedKeys.Contains(pair.Key)).Select(pair => pair.Value))
        {
            await data.Queue.SyncAsync(comment.EntryId, comment.Id, comment.CreatedAt, comment, titles[comment.EntryId], () => [], clock.GetUtcNow(), cancellationToken);
            fixedRows++;
        }

        // The tally's change rows are noted before the rows are counted: those written after stay, for writes the count may not have seen.
        var changesBefore = await data.Queue.Tally.ChangeKeysAsync(cancellationToken);
        var rows = await data.Queue.ListEveryAsync(cancellationToken);
        var counts = Enum.GetValues<CommentStatus>().ToDictionary(status => status, status => rows.Count(row => row.Status == status.ToApi()));
        await data.Queue.Tally.ResetAsync(counts, changesBefore, cancellationToken);
        var report = new RepairReport(comments.Count, fixedRows, new QueueCounts(counts[CommentStatus.Pending], counts[CommentStatus.Approved], counts[CommentStatus.Spam], counts[CommentStatus.Trash]));
        LogRepaired(logger, report.CommentsChecked, report.QueueRowsFixed);
        return report;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moderation repair: {Checked} comments checked, {Fixed} queue rows put right")]
    private static partial void LogRepaired(ILogger logger, int @checked, int @fixed);
}
