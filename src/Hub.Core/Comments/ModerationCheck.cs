using Azure;
using Azure.Data.Tables;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Entries;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Core.Comments;

/// <summary>
/// What one run of the check looked at and what it mended. Nothing is expected to be mended:
/// only the follow-up files comments, so each mend stands for a bug, a hand edit, or an entry
/// renamed (its queue rows keep the old title until the check comes by).
/// </summary>
/// <param name="CommentsChecked">Comments whose queue row was read, from the comments' cursor.</param>
/// <param name="QueueRowsChecked">Queue rows whose comment was read, from the queue's cursor.</param>
/// <param name="CommentsReachedEnd">This run checked the last comment; the next starts again from the first.</param>
/// <param name="TabsCounted">Tabs whose every shard was counted against the rows in this run.</param>
/// <param name="Refiled">Comments filed again.</param>
/// <param name="ShardsRecounted">Tab-count shards set from the rows.</param>
/// <param name="Mended">What was mended, one line each.</param>
public sealed record DriftReport(
    int CommentsChecked, int QueueRowsChecked, bool CommentsReachedEnd, IReadOnlyList<CommentStatus> TabsCounted, int Refiled, int ShardsRecounted, IReadOnlyList<string> Mended)
{
    public bool Drifted => Mended.Count > 0;
}

/// <summary>
/// Checks the moderation queue against the comments, a bounded slice a run, so its cost is the
/// same on a hub of a hundred comments and of a hundred thousand, and over enough runs it has
/// seen everything. Each run takes <see cref="Batch"/> comments from the comments' cursor and
/// reads the queue row each should have (its key follows from the comment); and
/// <see cref="Batch"/> queue rows from the queue's cursor and reads the comment each stands for.
/// What differs is filed again through the same <see cref="CommentFiling"/> the follow-up uses
/// (which writes only the difference, so mending what was right changes nothing). Changes
/// younger than <see cref="Settling"/> are left to their follow-ups. The tab counts are compared
/// with the rows as the queue's walk counts them (see <see cref="TabWalk"/> for how and why).
/// Each cursor wraps to the start at the end of its table. A run logs what it mended as a
/// warning, or that it mended nothing as information.
/// </summary>
public sealed partial class ModerationCheck(CommentData data, EntryRepository resources, HubTables tables, TimeProvider clock, ILogger<ModerationCheck> logger)
{
    /// <summary>Changes younger than this are still their follow-up's to file.</summary>
    public static readonly TimeSpan Settling = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Comments, and queue rows, one run checks: about 2 × 500 point reads and a few range
    /// queries a run, whatever the size of the hub. Run every 10 minutes, that is 72,000 of each
    /// a day: a hub of 100,000 comments is seen whole in about a day and a half.
    /// </summary>
    public const int Batch = 500;

    /// <summary>The row of the Moderation partition holding the comments' cursor.</summary>
    public const string CommentsCursor = "check|comments";

    private const int ReadsAtOnce = 16;

    private static readonly string[] CommentColumns =
    [
        nameof(CommentEntity.PartitionKey), nameof(CommentEntity.RowKey), nameof(CommentEntity.Id), nameof(CommentEntity.EntryId), nameof(CommentEntity.Status),
        nameof(CommentEntity.Version), nameof(CommentEntity.CreatedAt), nameof(CommentEntity.StatusChangedAt),
    ];

    private static readonly string[] RowColumns =
    [
        nameof(QueueEntity.RowKey), nameof(QueueEntity.EntryId), nameof(QueueEntity.CommentId), nameof(QueueEntity.EntryTitle), nameof(QueueEntity.CreatedAt),
        nameof(QueueEntity.Version), nameof(QueueEntity.IdentityKey), nameof(QueueEntity.AuthorEmail),
    ];

    private readonly ModerationPartition _moderation = new(tables);

    public async Task<DriftReport> RunAsync(CancellationToken cancellationToken)
    {
        var settled = clock.GetUtcNow() - Settling;
        var titles = new Dictionary<string, EntryTitle>(StringComparer.Ordinal);
        var mended = new List<string>();
        var refile = new Dictionary<(string EntryId, string CommentId), (FiledComment Target, Filed Why)>();

        // The comments' slice, and the row each should have under its status.
        var commentsCursor = await _moderation.GetRowAsync<TableEntity>(CommentsCursor, cancellationToken);
        var after = commentsCursor?.GetString("AfterEntry") is { } afterEntry && commentsCursor.GetString("AfterRow") is { } afterRow ? (afterEntry, afterRow) : ((string, string)?)null;
        var (comments, reachedEnd) = await data.Store.ListSliceAsync(after, Batch, CommentColumns, cancellationToken);
        var rows = await ReadEachAsync(comments, (comment, token) => data.Queue.FindAsync(ModerationKeys.QueueRow(comment.CurrentStatus, comment.CreatedAt, comment.EntryId, comment.Id), RowColumns, token), cancellationToken);
        await ReadTitlesAsync(comments.Select(comment => comment.EntryId), titles, cancellationToken);
        for (var i = 0; i < comments.Count; i++)
        {
            var comment = comments[i];
            if (QueueDrift.OfComment(comment, rows[i], titles[comment.EntryId], settled) is (Filed.Missing or Filed.Stale or Filed.Retitled) and var why)
            {
                refile[(comment.EntryId, comment.Id)] = (new FiledComment(comment.EntryId, comment.Id, comment.CreatedAt, null), why);
            }
        }

        // Filed before the queue's walk counts, so that a tab this run walks whole is counted with these mends in.
        await RefileAsync(refile.Values, titles, mended, cancellationToken);
        await SaveCursorAsync(commentsCursor, reachedEnd || comments.Count == 0
            ? new TableEntity(ModerationKeys.Partition, CommentsCursor)
            : new TableEntity(ModerationKeys.Partition, CommentsCursor) { ["AfterEntry"] = comments[^1].PartitionKey, ["AfterRow"] = comments[^1].RowKey }, cancellationToken);

        // The queue's slice, counted tab by tab, and the comment each row stands for.
        var queueCursor = await _moderation.GetRowAsync<TableEntity>(TabWalk.RowKey, cancellationToken);
        var walk = TabWalk.Of(queueCursor);
        var slice = new List<(CommentStatus Tab, QueueEntity Row)>();
        var tabsCounted = new List<CommentStatus>();
        var shardsRecounted = 0;
        while (slice.Count < Batch)
        {
            if (walk.EnteredAs is null)
            {
                walk = walk.Enter(await data.Queue.Tally.ReadShardsAsync(cancellationToken));
            }

            var (tabRows, tabEnded) = await data.Queue.ListSliceAsync(walk.Tab, walk.AfterRowKey, Batch - slice.Count, RowColumns, cancellationToken);
            slice.AddRange(tabRows.Select(row => (walk.Tab, row)));
            walk = walk.Count(tabRows);
            if (!tabEnded)
            {
                break;
            }

            var (whole, set) = await JudgeCountsAsync(walk, mended, cancellationToken);
            shardsRecounted += set;
            if (whole)
            {
                tabsCounted.Add(walk.Tab);
            }

            var wrapped = walk.InLastTab;
            walk = walk.Next();
            if (wrapped)
            {
                break; // a run goes no further than the end of the queue: the next starts it again
            }
        }

        var owners = await ReadEachAsync(slice, (queued, token) => data.Store.GetColumnsAsync(queued.Row.EntryId, queued.Row.CommentId, CommentColumns, token), cancellationToken);
        await ReadTitlesAsync(slice.Select(queued => queued.Row.EntryId), titles, cancellationToken);
        var refileRows = new Dictionary<(string EntryId, string CommentId), (FiledComment Target, Filed Why)>();
        for (var i = 0; i < slice.Count; i++)
        {
            var (tab, row) = slice[i];
            if (!refile.ContainsKey((row.EntryId, row.CommentId))
                && QueueDrift.OfRow(row, tab, owners[i], titles[row.EntryId], settled) is (Filed.Orphan or Filed.WrongTab or Filed.Stale or Filed.Retitled) and var why)
            {
                refileRows.TryAdd((row.EntryId, row.CommentId), (new FiledComment(row.EntryId, row.CommentId, row.CreatedAt, AuthorKeys.Of(row.IdentityKey, row.AuthorEmail)), why));
            }
        }

        await RefileAsync(refileRows.Values, titles, mended, cancellationToken);
        await SaveCursorAsync(queueCursor, walk.ToRow(default), cancellationToken);

        var report = new DriftReport(comments.Count, slice.Count, reachedEnd, tabsCounted, refile.Count + refileRows.Count, shardsRecounted, mended);
        var counted = string.Join(", ", tabsCounted.Select(tab => tab.ToApi()));
        if (report.Drifted)
        {
            LogMended(logger, report.CommentsChecked, report.QueueRowsChecked, counted, report.Refiled, report.ShardsRecounted, string.Join("; ", mended));
        }
        else
        {
            LogNothingMended(logger, report.CommentsChecked, report.QueueRowsChecked, counted);
        }

        return report;
    }

    /// <summary>
    /// Judges the counts of the tab the walk has just counted whole, and sets the shards that
    /// differ from the rows, conditional on each shard as read (so a follow-up that counted
    /// meanwhile is never undone; then the next time round judges again). Whether every shard
    /// was judged, and how many were set.
    /// </summary>
    private async Task<(bool Whole, int Set)> JudgeCountsAsync(TabWalk walk, List<string> mended, CancellationToken cancellationToken)
    {
        var shards = await data.Queue.Tally.ReadShardsAsync(cancellationToken);
        var judged = walk.Judge(shards);
        var differing = Enumerable.Range(0, shards.Length).Where(shard => judged[shard] == ShardCount.Differs).ToList();
        if (differing.Count > 0)
        {
            try
            {
                await _moderation.SubmitAsync(differing.Select(shard => QueueTally.Change(shards[shard], [(walk.Tab, walk.Counted[shard] - QueueTally.CountOf(shards[shard], walk.Tab))])), cancellationToken);
                mended.AddRange(differing.Select(shard => $"the {walk.Tab.ToApi()} count of shard {shard} said {QueueTally.CountOf(shards[shard], walk.Tab)}, the rows are {walk.Counted[shard]}"));
            }
            catch (TableTransactionFailedException raced) when (raced.Status is 409 or 412)
            {
                // A follow-up counted since the shards were read: judged again next time round.
                differing.Clear();
            }
        }

        return (judged.All(judgement => judgement != ShardCount.Moved), differing.Count);
    }

    private async Task RefileAsync(IEnumerable<(FiledComment Target, Filed Why)> wrong, Dictionary<string, EntryTitle> titles, List<string> mended, CancellationToken cancellationToken)
    {
        foreach (var (target, why) in wrong)
        {
            await data.Filing.FileAsync(target, titles[target.EntryId].Title, [], notify: false, gone: false, cancellationToken);
            mended.Add($"comment {target.EntryId}/{target.CommentId} filed again ({why.ToString().ToLowerInvariant()})");
        }
    }

    /// <summary>Each entry's title, read once a run (as stored now, not a cached copy: the check must not write back an old title).</summary>
    private async Task ReadTitlesAsync(IEnumerable<string> entryIds, Dictionary<string, EntryTitle> titles, CancellationToken cancellationToken)
    {
        var missing = entryIds.Distinct(StringComparer.Ordinal).Where(entryId => !titles.ContainsKey(entryId)).ToList();
        var read = await ReadEachAsync(missing, async (entryId, token) => await resources.GetCurrentAsync(entryId, token) is { } stored
            ? new EntryTitle(stored.Entry.Title, stored.Entry.UpdatedAt)
            : EntryTitle.Gone, cancellationToken);
        for (var i = 0; i < missing.Count; i++)
        {
            titles[missing[i]] = read[i];
        }
    }

    /// <summary>Saves a cursor, conditional on the row as this run read it: of two runs at once, the later one's save is dropped.</summary>
    private async Task SaveCursorAsync(TableEntity? asRead, TableEntity next, CancellationToken cancellationToken)
    {
        var table = await _moderation.GetAsync(cancellationToken);
        try
        {
            if (asRead is null)
            {
                await table.AddEntityAsync(next, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(next, asRead.ETag, TableUpdateMode.Replace, cancellationToken);
            }
        }
        catch (RequestFailedException raced) when (raced.Status is 409 or 412)
        {
            // Another run moved the cursor meanwhile; it goes on from there.
        }
    }

    /// <summary>One read per item, <see cref="ReadsAtOnce"/> at a time, the results in the items' order.</summary>
    private static async Task<TResult[]> ReadEachAsync<T, TResult>(IReadOnlyList<T> items, Func<T, CancellationToken, Task<TResult>> read, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ReadsAtOnce, CancellationToken = cancellationToken },
            async (index, token) => results[index] = await read(items[index], token));
        return results;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moderation check: {Comments} comments and {QueueRows} queue rows checked, tabs counted: {Counted}; mended: {Refiled} comments filed again, {Shards} count shards set: {Mended}")]
    private static partial void LogMended(ILogger logger, int comments, int queueRows, string counted, int refiled, int shards, string mended);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moderation check: {Comments} comments and {QueueRows} queue rows checked, tabs counted: {Counted}; nothing to mend")]
    private static partial void LogNothingMended(ILogger logger, int comments, int queueRows, string counted);
}
