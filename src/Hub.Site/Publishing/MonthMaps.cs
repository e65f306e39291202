using Azure;
using Azure.Data.Tables;
using Hub.Core.Entries;
using Hub.Core.Storage;

namespace Hub.Site.Publishing;

/// <summary>
/// Where each month's <see cref="MonthPageMap"/> is kept: a row beside the month's claim row in
/// the Pages table (PartitionKey = the month unit's key, RowKey <c>map</c>). It is written only by
/// a render of the month holding the month's claim, after that render's pages are written, and
/// conditional on the ETag read, so a render that was taken over cannot put back an older map.
/// </summary>
public sealed class MonthMaps(HubTables tables)
{
    private const string Row = "map";

    /// <summary>The month's map and the ETag to write it back with; null when the month has none yet.</summary>
    public async Task<(MonthPageMap? Map, ETag ETag)> ReadAsync(SiteList list, ArchiveMonth month, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(HubTables.Pages, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Key(list, month), Row, cancellationToken: cancellationToken);
        return found.HasValue ? (MonthPageMap.Parse(found.Value!.GetString("Pages")), found.Value.ETag) : (null, default);
    }

    /// <summary>Writes the map over the one read (<paramref name="read"/>: default when there was none); throws when it changed meanwhile, so the render's follow-up tries again.</summary>
    public async Task WriteAsync(SiteList list, ArchiveMonth month, MonthPageMap map, ETag read, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(HubTables.Pages, cancellationToken);
        var row = new TableEntity(Key(list, month), Row) { ["Pages"] = map.Serialize() };
        if (read == default)
        {
            await table.AddEntityAsync(row, cancellationToken);
        }
        else
        {
            await table.UpdateEntityAsync(row, read, TableUpdateMode.Replace, cancellationToken);
        }
    }

    private static string Key(SiteList list, ArchiveMonth month) => new PageUnit.Month(list, month).Key;
}
