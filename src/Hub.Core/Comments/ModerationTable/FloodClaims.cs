using Azure.Data.Tables;

using Hub.Core.Comments.CommentsTable;

namespace Hub.Core.Comments.ModerationTable;

/// <summary>
/// The flood check: a client may post again only once the interval has passed since its last post,
/// judged under each of its keys (its address, and its email). The claim is written in the post's
/// own transaction (insert where there is no row, replace with the row's ETag where its time is
/// up), so of any number of posts arriving together from one client exactly one wins.
/// </summary>
internal static class FloodClaims
{
    public const string At = "At";

    /// <summary>How long to wait (zero to go ahead), and the actions that claim the right to post now.</summary>
    public static (TimeSpan Wait, List<TableTransactionAction> Claims) Decide(
        IEnumerable<(string RowKey, TableEntity? LastPost)> keys, int intervalSeconds, DateTimeOffset now)
    {
        var claims = new List<TableTransactionAction>();
        var wait = TimeSpan.Zero;
        if (intervalSeconds <= 0)
        {
            return (wait, claims);
        }

        foreach (var (rowKey, last) in keys)
        {
            var claim = new TableEntity(ModerationKeys.Partition, rowKey) { [At] = now };
            if (last is null)
            {
                claims.Add(new(TableTransactionActionType.Add, claim));
                continue;
            }

            var left = (last.GetDateTimeOffset(At) ?? DateTimeOffset.MinValue) + TimeSpan.FromSeconds(intervalSeconds) - now;
            wait = left > wait ? left : wait;
            claims.Add(new(TableTransactionActionType.UpdateReplace, claim, last.ETag));
        }

        return (wait, wait > TimeSpan.Zero ? [] : claims);
    }
}
