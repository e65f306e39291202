using Azure.Data.Tables;
using Hub.Core.Storage;

namespace Hub.Core.Discussion;

/// <summary>
/// The ClientActivity table: when each client last posted, so the same client cannot post again
/// within the flood interval. A client is known by more than one key (a keyed hash of its address,
/// and of the commenter's email), so a shared or collapsed address still limits each commenter,
/// and a new email from the same address does not dodge the limit either.
/// </summary>
public sealed class FloodGuard(HubTables tables, TimeProvider clock)
{
    private const string Row = "last-post";

    /// <summary>How long the client must still wait, by the strictest of its keys, or zero.</summary>
    public async Task<TimeSpan> WaitRequiredAsync(IReadOnlyCollection<string> clientKeys, int intervalSeconds, CancellationToken cancellationToken)
    {
        if (intervalSeconds <= 0)
        {
            return TimeSpan.Zero;
        }

        var table = await TableAsync(cancellationToken);
        var lastPosts = await Task.WhenAll(clientKeys.Select(key => table.GetEntityIfExistsAsync<TableEntity>(key, Row, cancellationToken: cancellationToken)));
        var now = clock.GetUtcNow();
        return lastPosts
            .Where(last => last.HasValue)
            .Select(last => last.Value!.GetDateTimeOffset("At") is { } at ? at.AddSeconds(intervalSeconds) - now : TimeSpan.Zero)
            .Append(TimeSpan.Zero)
            .Max();
    }

    public async Task RecordAsync(IReadOnlyCollection<string> clientKeys, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await Task.WhenAll(clientKeys.Select(key => table.UpsertEntityAsync(new TableEntity(key, Row) { ["At"] = now }, TableUpdateMode.Replace, cancellationToken)));
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.ClientActivity, cancellationToken);
}
