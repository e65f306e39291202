using Azure;
using Azure.Data.Tables;
using Hub.Core.Storage;

namespace Hub.Core.Discussion;

/// <summary>
/// The ClientActivity table: when each client last posted, so the same client cannot post again
/// within the flood interval. A client is known by more than one key (a keyed hash of its
/// address, and of the commenter's email), so a shared or collapsed address still limits each
/// commenter, and a new email from the same address does not dodge the limit either.
/// </summary>
public sealed class FloodGuard(HubTables tables, TimeProvider clock)
{
    private const string Row = "last-post";

    /// <summary>
    /// Claims the right to post now under every key, or says how long to wait. Each claim is one
    /// conditional write (insert where there is no row, replace with the row's ETag where its time
    /// is up), so of any number of posts arriving together from one client exactly one wins.
    /// </summary>
    public async Task<TimeSpan> TryClaimAsync(IReadOnlyCollection<string> clientKeys, int intervalSeconds, CancellationToken cancellationToken)
    {
        if (intervalSeconds <= 0)
        {
            return TimeSpan.Zero;
        }

        var table = await TableAsync(cancellationToken);
        var waits = await Task.WhenAll(clientKeys.Select(key => ClaimAsync(table, key, TimeSpan.FromSeconds(intervalSeconds), cancellationToken)));
        return waits.Max();
    }

    /// <summary>Forgets a key (an erased commenter's email), so nothing derived from it stays behind.</summary>
    public async Task ForgetAsync(string clientKey, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        using var _ = await table.DeleteEntityAsync(clientKey, Row, ETag.All, cancellationToken);
    }

    private async Task<TimeSpan> ClaimAsync(TableClient table, string key, TimeSpan interval, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claim = new TableEntity(key, Row) { ["At"] = now };
        var last = await table.GetEntityIfExistsAsync<TableEntity>(key, Row, cancellationToken: cancellationToken);
        try
        {
            if (!last.HasValue)
            {
                await table.AddEntityAsync(claim, cancellationToken);
                return TimeSpan.Zero;
            }

            var wait = (last.Value!.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue) + interval - now;
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }

            await table.UpdateEntityAsync(claim, last.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return TimeSpan.Zero;
        }
        catch (RequestFailedException raced) when (raced.Status is 409 or 412)
        {
            // Another post from this client claimed it between our read and our write.
            return interval;
        }
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.ClientActivity, cancellationToken);
}
