using Azure;
using Azure.Data.Tables;
using Hub.Core.Storage;

namespace Hub.Core.Discussion;

/// <summary>
/// The ClientActivity table: when each client (by keyed hash of its address) last posted, so
/// the same client cannot post again within the flood interval.
/// </summary>
public sealed class FloodGuard(HubTables tables, TimeProvider clock)
{
    private const string Row = "last-post";

    /// <summary>How long the client must still wait, or zero.</summary>
    public async Task<TimeSpan> WaitRequiredAsync(string clientHash, int intervalSeconds, CancellationToken cancellationToken)
    {
        if (intervalSeconds <= 0)
        {
            return TimeSpan.Zero;
        }

        var table = await TableAsync(cancellationToken);
        var last = await table.GetEntityIfExistsAsync<TableEntity>(clientHash, Row, cancellationToken: cancellationToken);
        if (!last.HasValue || last.Value!.GetDateTimeOffset("At") is not { } at)
        {
            return TimeSpan.Zero;
        }

        var wait = at.AddSeconds(intervalSeconds) - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    public async Task RecordAsync(string clientHash, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(clientHash, Row) { ["At"] = clock.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.ClientActivity, cancellationToken);
}
