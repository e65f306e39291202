using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Hub.Core.Comments.ModerationTable;

namespace Hub.Core.Comments;

/// <summary>What the tab counts say of one shard against the rows the walk counted in it.</summary>
internal enum ShardCount
{
    /// <summary>The shard did not change while the walk went through the tab, and its count is the rows'.</summary>
    Agrees,

    /// <summary>The shard did not change while the walk went through the tab, and its count is not the rows': a drift.</summary>
    Differs,

    /// <summary>A follow-up changed the shard meanwhile, so the rows counted are of no one moment: not judged this time.</summary>
    Moved,
}

/// <summary>
/// Where the check's walk through the queue is: in which tab, after which row, and how many rows
/// of that tab it has counted so far in each tab-count shard, with each shard's ETag as it was
/// when the walk entered the tab (before reading its first row). Kept in one row of the
/// Moderation partition between runs.
/// </summary>
/// <remarks>
/// Why the counts are judged this way: counting every row of a tab in one run grows with the tab
/// (Approved holds most comments ever written), so the walk counts a tab's rows as it goes, a
/// slice a run, and judges the count when it leaves the tab. The count is only worth comparing if
/// the rows did not change meanwhile. They cannot change without their shard: the follow-up adds
/// and removes queue rows only in the same transaction as the shard's count, conditional on its
/// ETag. So a shard whose ETag is the one it had when the walk entered the tab held the same rows
/// all along, and its count must equal the rows counted; a shard that changed is left for the
/// next time round. Small tabs (Pending above all, which moderators act on) are walked within one
/// run, seconds, and so are judged every time; a tab that takes many runs is judged in the
/// shards nobody wrote to meanwhile, which on a busy hub may be none. That is accepted: the counts
/// are written with the rows in one transaction, so a drift there is a bug (or a hand edit), not
/// wear, and the rows themselves are checked one by one in every case.
/// </remarks>
internal sealed record TabWalk(CommentStatus Tab, string? AfterRowKey, IReadOnlyList<string>? EnteredAs, IReadOnlyList<int> Counted)
{
    /// <summary>The tabs in the order of their keys, the order the walk goes in.</summary>
    public static readonly IReadOnlyList<CommentStatus> Tabs = [.. Enum.GetValues<CommentStatus>().OrderBy(status => status.ToApi(), StringComparer.Ordinal)];

    public const string RowKey = "check|queue";

    public static TabWalk Start => new(Tabs[0], null, null, new int[QueueTally.Shards]);

    /// <summary>The walk entering its tab: from its first row, counting from nothing, the shards as they are now.</summary>
    public TabWalk Enter(IReadOnlyList<TableEntity> shards) => this with { AfterRowKey = null, EnteredAs = [.. shards.Select(ETagOf)], Counted = new int[QueueTally.Shards] };

    /// <summary>The walk with <paramref name="rows"/> (of its tab, after what it had) counted.</summary>
    public TabWalk Count(IReadOnlyList<QueueEntity> rows)
    {
        if (rows.Count == 0)
        {
            return this;
        }

        var counted = Counted.ToArray();
        foreach (var row in rows)
        {
            counted[QueueTally.ShardOf(row.CommentId)]++;
        }

        return this with { AfterRowKey = rows[^1].RowKey, Counted = counted };
    }

    /// <summary>Whether this tab is the last in key order (after it, the walk starts again).</summary>
    public bool InLastTab => Tab == Tabs[^1];

    /// <summary>The walk at the start of the next tab (after the last, the first).</summary>
    public TabWalk Next() => new(Tabs[(Tabs.ToList().IndexOf(Tab) + 1) % Tabs.Count], null, null, new int[QueueTally.Shards]);

    /// <summary>Each shard's judgement, given the shards as they are now that the walk has counted every row of the tab.</summary>
    public IReadOnlyList<ShardCount> Judge(IReadOnlyList<TableEntity> shardsNow)
        => [.. shardsNow.Select((shard, index) => Judge(EnteredAs?[index], ETagOf(shard), Counted[index], QueueTally.CountOf(shard, Tab)))];

    public static ShardCount Judge(string? enteredAs, string etagNow, int counted, int stored)
        => enteredAs != etagNow ? ShardCount.Moved : counted == stored ? ShardCount.Agrees : ShardCount.Differs;

    public static string ETagOf(TableEntity shard) => shard.ETag == default ? "" : shard.ETag.ToString();

    public TableEntity ToRow(ETag etag) => new(ModerationKeys.Partition, RowKey)
    {
        ETag = etag,
        ["Tab"] = Tab.ToApi(),
        ["After"] = AfterRowKey,
        ["EnteredAs"] = EnteredAs is null ? null : string.Join('\n', EnteredAs),
        ["Counted"] = string.Join(',', Counted.Select(count => count.ToString(CultureInfo.InvariantCulture))),
    };

    /// <summary>The walk a row kept; the start for none (or a row this build cannot read).</summary>
    public static TabWalk Of(TableEntity? row)
    {
        if (row is null || !CommentStatuses.TryParse(row.GetString("Tab"), out var tab)
            || row.GetString("Counted")?.Split(',') is not { Length: QueueTally.Shards } counted
            || !counted.All(count => int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return Start;
        }

        var enteredAs = row.GetString("EnteredAs")?.Split('\n');
        return new(
            tab,
            row.GetString("After"),
            enteredAs is { Length: QueueTally.Shards } ? enteredAs : null,
            [.. counted.Select(count => int.Parse(count, CultureInfo.InvariantCulture))]);
    }
}
