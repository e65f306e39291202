using Azure;
using Azure.Data.Tables;
using Hub.Core.Comments.ModerationTable;

namespace Hub.UnitTests.Comments;

/// <summary>
/// The flood check (<c>FloodClaims.Decide</c>): a client may post again only once the interval has
/// passed since its last post, under each of its keys (its address and its email), and the claims
/// that win the right to post are all or nothing.
/// </summary>
public sealed class FloodClaimsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static TableEntity? LastPost(string rowKey, int? secondsAgo)
        => secondsAgo is { } ago ? new TableEntity("flood", rowKey) { ["At"] = Now.AddSeconds(-ago), ETag = new ETag($"W/\"{rowKey}\"") } : null;

    /// <summary>
    /// Two keys (the address, the email), each with its last post so many seconds ago or none
    /// (null); what the client must wait, and the claims in key order: Add where there is no row,
    /// UpdateReplace with the row's ETag where its time is up, none while any key must wait.
    /// </summary>
    [Theory]
    [InlineData(15, null, null, 0, "Add Add")]
    [InlineData(15, 60, null, 0, "UpdateReplace Add")]
    [InlineData(15, 60, 3600, 0, "UpdateReplace UpdateReplace")]
    [InlineData(15, 15, 15, 0, "UpdateReplace UpdateReplace")]
    [InlineData(15, 14, null, 1, "")]
    [InlineData(15, 5, null, 10, "")]
    [InlineData(15, null, 5, 10, "")]
    [InlineData(15, 60, 5, 10, "")]
    [InlineData(15, 10, 5, 10, "")]
    [InlineData(15, 0, 0, 15, "")]
    [InlineData(15, -30, null, 45, "")]
    [InlineData(3600, 1800, null, 1800, "")]
    [InlineData(0, 0, 0, 0, "")]
    [InlineData(0, null, null, 0, "")]
    [InlineData(-1, 0, null, 0, "")]
    public void A_client_waits_out_the_longest_interval_left_under_any_of_its_keys(
        int intervalSeconds, int? addressSecondsAgo, int? emailSecondsAgo, int waitSeconds, string claims)
    {
        var (wait, actions) = FloodClaims.Decide([("a|address", LastPost("a|address", addressSecondsAgo)), ("e|email", LastPost("e|email", emailSecondsAgo))], intervalSeconds, Now);

        Assert.Equal(TimeSpan.FromSeconds(waitSeconds), wait);
        Assert.Equal(claims, string.Join(' ', actions.Select(action => action.ActionType)));
    }

    [Fact]
    public void Each_claim_is_stamped_now_under_its_key_and_a_replacement_carries_the_rows_etag()
    {
        var (_, actions) = FloodClaims.Decide([("a|address", null), ("e|email", LastPost("e|email", 60))], 15, Now);

        Assert.Equal(["a|address", "e|email"], actions.Select(action => action.Entity.RowKey));
        Assert.All(actions, action => Assert.Equal(Now, ((TableEntity)action.Entity).GetDateTimeOffset("At")));
        Assert.Equal(default, actions[0].ETag);
        Assert.Equal(new ETag("W/\"e|email\""), actions[1].ETag);
    }

    [Fact]
    public void A_row_without_a_time_does_not_hold_the_client()
    {
        var (wait, actions) = FloodClaims.Decide([("a|address", new TableEntity("flood", "a|address") { ETag = new ETag("W/\"x\"") })], 15, Now);

        Assert.Equal(TimeSpan.Zero, wait);
        Assert.Equal([TableTransactionActionType.UpdateReplace], actions.Select(action => action.ActionType));
    }

    [Fact]
    public void A_client_with_no_keys_goes_ahead_with_nothing_to_claim()
    {
        var (wait, actions) = FloodClaims.Decide([], 15, Now);

        Assert.Equal(TimeSpan.Zero, wait);
        Assert.Empty(actions);
    }
}
