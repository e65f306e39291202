using Azure.Data.Tables;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Entries;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Core.Comments;

/// <summary>What the check found: none of it is expected, since only the follow-up files comments.</summary>
public sealed record DriftReport(int CommentsChecked, int QueueRowsWrong, bool CountsWrong, QueueCounts Counts)
{
    public bool Drifted => QueueRowsWrong > 0 || CountsWrong;
}

/// <summary>
/// Compares every comment with the moderation queue and the tab counts with the queue's rows,
/// reports what differs, and files what differs again (through the same <see cref="CommentFiling"/>
/// the follow-up uses). Every write files its comment through its follow-up, so a drift here
/// means a bug, and is logged as a warning. Comments changed in the last few minutes are left to
/// their follow-ups. It reads every comment, so it runs on a schedule (hourly), not per request.
/// </summary>
public sealed partial class ModerationCheck(CommentData data, EntryRepository resources, TimeProvider clock, ILogger<ModerationCheck> logger)
{
    /// <summary>Changes younger than this are still their follow-up's to file.</summary>
    public static readonly TimeSpan Settling = TimeSpan.FromMinutes(5);

    public async Task<DriftReport> RunAsync(CancellationToken cancellationToken)
    {
        var settled = clock.GetUtcNow() - Settling;
        var comments = await data.Store.ListEveryAsync(cancellationToken);
        var queued = await data.Queue.ListEveryAsync(cancellationToken);
        var titles = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entryId in comments.Select(comment => comment.EntryId).Concat(queued.Select(row => row.EntryId)).Distinct(StringComparer.Ordinal))
        {
            titles[entryId] = (await resources.GetAsync(entryId, cancellationToken))?.Entry.Title;
        }

        var byId = comments.ToDictionary(comment => (comment.EntryId, comment.Id));
        var rowsOf = queued.ToLookup(row => (row.EntryId, row.CommentId));
        var wrong = new HashSet<(string EntryId, string CommentId)>();
        foreach (var comment in comments.Where(comment => comment.StatusChangedAt < settled))
        {
            var rows = rowsOf[(comment.EntryId, comment.Id)].ToList();
            if (rows is not [var row] || row.Status != comment.Status || row.Version != comment.Version || row.EntryTitle != titles[comment.EntryId])
            {
                wrong.Add((comment.EntryId, comment.Id));
            }
        }

        foreach (var row in queued.Where(row => !byId.ContainsKey((row.EntryId, row.CommentId)) && row.CreatedAt < settled))
        {
            wrong.Add((row.EntryId, row.CommentId));
        }

        foreach (var (entryId, commentId) in wrong)
        {
            var comment = byId.GetValueOrDefault((entryId, commentId));
            var createdAt = comment?.CreatedAt ?? rowsOf[(entryId, commentId)].First().CreatedAt;
            await data.Filing.FileAsync(new FiledComment(entryId, commentId, createdAt, comment?.AuthorKey), titles[entryId], [], notify: false, gone: false, cancellationToken);
        }

        var counted = await CountsWrongAsync(cancellationToken);
        var report = new DriftReport(comments.Count, wrong.Count, counted.Wrong, counted.Counts);
        if (report.Drifted)
        {
            LogDrift(logger, report.CommentsChecked, report.QueueRowsWrong, report.CountsWrong);
        }
        else
        {
            LogNoDrift(logger, report.CommentsChecked);
        }

        return report;
    }

    /// <summary>
    /// Whether the tab counts differ from the rows; when they do, sets them from the rows,
    /// conditional on the shards as read before the rows, so a follow-up that counted meanwhile is
    /// never undone (then the next check looks again).
    /// </summary>
    private async Task<(bool Wrong, QueueCounts Counts)> CountsWrongAsync(CancellationToken cancellationToken)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, QueueTally.Shards).Select(shard => data.Queue.Tally.ReadShardAsync(shard, cancellationToken)));
        var rows = await data.Queue.ListEveryAsync(cancellationToken);
        var actual = Enum.GetValues<CommentStatus>().ToDictionary(status => status, status => rows.Count(row => row.Status == status.ToApi()));
        var stored = Enum.GetValues<CommentStatus>().ToDictionary(status => status, status => shards.Sum(shard => shard.GetInt32(status.ToString()) ?? 0));
        if (actual.All(pair => stored[pair.Key] == pair.Value))
        {
            return (false, QueueTally.Counts(actual));
        }

        try
        {
            await data.Queue.Tally.ResetAsync(rows.Select(row => (row.CommentId, Enum.Parse<CommentStatus>(row.Status, ignoreCase: true))), shards, cancellationToken);
        }
        catch (TableTransactionFailedException raced) when (raced.Status is 409 or 412)
        {
            // A follow-up counted meanwhile: the rows read are already out of date.
        }

        return (true, QueueTally.Counts(actual));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moderation check: {Checked} comments checked; drift found and put right: {QueueRows} comments filed wrongly, counts wrong: {CountsWrong}")]
    private static partial void LogDrift(ILogger logger, int @checked, int queueRows, bool countsWrong);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moderation check: {Checked} comments checked, no drift")]
    private static partial void LogNoDrift(ILogger logger, int @checked);
}
