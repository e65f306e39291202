using Azure;
using Azure.Data.Tables;
using Hub.Core.Comments;
using Hub.Core.Comments.ModerationTable;

namespace Hub.UnitTests.Comments;

/// <summary>
/// How the moderation check judges the tab counts as its walk goes through the queue
/// (<c>TabWalk</c>): a shard's count is compared with the rows counted only if the shard did not
/// change between the walk entering the tab and leaving it; the walk goes through the tabs in
/// key order and starts again after the last; what it keeps between runs reads back the same.
/// </summary>
public sealed class TabWalkTests
{
    /// <summary>The shard's ETag when the walk entered the tab and now, the rows counted and the count stored: the judgement.</summary>
    [Theory]
    [InlineData("W/\"1\"", "W/\"1\"", 4, 4, "Agrees")]
    [InlineData("W/\"1\"", "W/\"1\"", 3, 4, "Differs")]
    [InlineData("W/\"1\"", "W/\"1\"", 5, 4, "Differs")]
    [InlineData("W/\"1\"", "W/\"2\"", 3, 4, "Moved")]
    [InlineData("W/\"1\"", "W/\"2\"", 4, 4, "Moved")]
    [InlineData("", "", 0, 0, "Agrees")]
    [InlineData("", "", 2, 0, "Differs")]
    [InlineData("", "W/\"1\"", 1, 1, "Moved")]
    [InlineData(null, "W/\"1\"", 1, 1, "Moved")]
    public void A_shard_is_judged_only_when_it_did_not_change_while_the_walk_went_through_the_tab(string? enteredAs, string now, int counted, int stored, string expected)
        => Assert.Equal(Enum.Parse<ShardCount>(expected), TabWalk.Judge(enteredAs, now, counted, stored));

    [Fact]
    public void The_walk_goes_through_the_tabs_in_key_order_and_starts_again_after_the_last()
    {
        var walk = TabWalk.Start;
        var seen = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            seen.Add(walk.Tab.ToApi());
            walk = walk.Next();
        }

        Assert.Equal(["approved", "pending", "spam", "trash", "approved"], seen);
        Assert.Equal(seen.Take(4).Order(StringComparer.Ordinal), seen.Take(4));
    }

    [Fact]
    public void Rows_are_counted_in_their_comments_shards_and_judged_against_the_shards_as_they_are_now()
    {
        var shards = Shards(version: 1, pending: 0);
        var rows = Enumerable.Range(0, 40).Select(i => new QueueEntity { RowKey = $"q|pending|{i:D3}", CommentId = CommentId.New(DateTimeOffset.UnixEpoch.AddSeconds(i)) }).ToList();
        var walk = TabWalk.Start.Next().Enter(shards).Count(rows[..25]).Count(rows[25..]);

        Assert.Equal(CommentStatus.Pending, walk.Tab);
        Assert.Equal("q|pending|039", walk.AfterRowKey);
        Assert.Equal(40, walk.Counted.Sum());
        var stored = Enumerable.Range(0, QueueTally.Shards).Select(shard => rows.Count(row => QueueTally.ShardOf(row.CommentId) == shard)).ToArray();
        Assert.All(walk.Judge(Shards(version: 1, pending: stored)), judged => Assert.Equal(ShardCount.Agrees, judged));
        Assert.All(walk.Judge(Shards(version: 2, pending: stored)), judged => Assert.Equal(ShardCount.Moved, judged));
        var offByOne = stored.Select((count, shard) => shard == 3 ? count + 1 : count).ToArray();
        Assert.Equal(ShardCount.Differs, walk.Judge(Shards(version: 1, pending: offByOne))[3]);
    }

    [Fact]
    public void Entering_a_tab_starts_it_from_its_first_row_with_nothing_counted()
    {
        var walk = new TabWalk(CommentStatus.Spam, "q|spam|5", null, [1, 2, 3, 4, 5, 6, 7, 8]).Enter(Shards(version: 1, pending: 0));
        Assert.Null(walk.AfterRowKey);
        Assert.Equal(0, walk.Counted.Sum());
        Assert.Equal(QueueTally.Shards, walk.EnteredAs!.Count);
    }

    [Fact]
    public void What_the_walk_keeps_between_runs_reads_back_the_same_and_a_row_it_cannot_read_starts_it_again()
    {
        var walk = new TabWalk(CommentStatus.Trash, "q|trash|7", [.. Enumerable.Range(0, QueueTally.Shards).Select(shard => $"W/\"datetime'{shard}'\"")], [1, 0, 2, 0, 3, 0, 4, 9]);
        var read = TabWalk.Of(walk.ToRow(default));
        Assert.Equal(walk.Tab, read.Tab);
        Assert.Equal(walk.AfterRowKey, read.AfterRowKey);
        Assert.Equal(walk.EnteredAs, read.EnteredAs);
        Assert.Equal(walk.Counted, read.Counted);

        var notEntered = TabWalk.Of(TabWalk.Start.ToRow(default));
        Assert.Null(notEntered.EnteredAs);
        Assert.Equal(CommentStatus.Approved, notEntered.Tab);
        Assert.Equal(CommentStatus.Approved, TabWalk.Of(null).Tab);
        Assert.Equal(TabWalk.Start.Tab, TabWalk.Of(new TableEntity("moderation", TabWalk.RowKey) { ["Tab"] = "archived", ["Counted"] = "1" }).Tab);
    }

    private static TableEntity[] Shards(int version, int pending) => Shards(version, Enumerable.Repeat(pending, QueueTally.Shards).ToArray());

    private static TableEntity[] Shards(int version, int[] pending)
        => [.. Enumerable.Range(0, QueueTally.Shards).Select(shard => new TableEntity("moderation", ModerationKeys.TallyShard(shard)) { ETag = new ETag($"W/\"{version}\""), ["Pending"] = pending[shard] })];
}
