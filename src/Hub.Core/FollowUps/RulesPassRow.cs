using Azure;
using Azure.Data.Tables;
using Hub.Core.Storage;

namespace Hub.Core.FollowUps;

/// <summary>
/// Where the <see cref="RulesPass"/> under way is kept: one row beside the rules in the Settings
/// table, every write conditional on the ETag read, so of two follow-ups writing it one wins and
/// the other reads again.
/// </summary>
internal sealed class RulesPassRow(HubTables tables)
{
    private const string Partition = "hub";
    private const string Row = "rules-pass";

    public async Task<(RulesPass? Pass, ETag ETag)> ReadAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return (null, default);
        }

        var entity = row.Value!;
        return (new RulesPass(
            entity.GetString(nameof(RulesPass.Owner)) ?? "",
            entity.GetString(nameof(RulesPass.Cursor)),
            entity.GetString(nameof(RulesPass.StopAt)),
            entity.GetBoolean(nameof(RulesPass.Wrapped)) ?? false,
            entity.GetDateTimeOffset(nameof(RulesPass.Until)) ?? default), entity.ETag);
    }

    /// <summary>Writes <paramref name="pass"/> over the row as read (a default ETag: none was there), or removes it when the pass is done; false when the row changed since.</summary>
    public async Task<bool> TryWriteAsync(RulesPass? pass, ETag read, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        return pass is null
            ? await table.TryDeleteAsync(Partition, Row, read, cancellationToken)
            : await table.TryWriteAsync(new TableEntity(Partition, Row)
            {
                [nameof(RulesPass.Owner)] = pass.Owner,
                [nameof(RulesPass.Cursor)] = pass.Cursor,
                [nameof(RulesPass.StopAt)] = pass.StopAt,
                [nameof(RulesPass.Wrapped)] = pass.Wrapped,
                [nameof(RulesPass.Until)] = pass.Until,
            }, read, cancellationToken);
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Settings, cancellationToken);
}
