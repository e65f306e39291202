using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Hub.Core.Storage;

namespace Hub.Core.Search;

/// <summary>An entry changed at <see cref="At"/>: a row of the search log.</summary>
public sealed record SearchChange(string Key, string EntryId, DateTimeOffset At);

/// <summary>
/// The search index's change log, in the Search table: one row per entry change, keyed
/// <c>{ticks}|{entry id}</c> in one partition, written by the change's follow-up. An instance that
/// holds the index reads the rows since it last looked (one range query, however many searches it
/// served meanwhile) and indexes those entries again from the Resources table. The rows say only
/// which entry changed, never what it says, so applying a row twice, late or out of order leaves
/// the index as the entry is now.
/// </summary>
public sealed class SearchChanges(HubTables tables, TimeProvider clock)
{
    internal const string Partition = "changes";

    /// <summary>Rows one poll reads per storage request.</summary>
    private const int PageSize = 1000;

    public async Task RecordAsync(string entryId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = new TableEntity(Partition, KeyOf(clock.GetUtcNow(), entryId));
        using var _ = await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Every row written after <paramref name="after"/>, oldest first: one request per 1,000.</summary>
    public async Task<IReadOnlyList<SearchChange>> ReadAfterAsync(DateTimeOffset after, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {Ticks(after)}");
        var changes = new List<SearchChange>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, PageSize, ["RowKey"], cancellationToken))
        {
            if (Parse(row.RowKey) is { } change)
            {
                changes.Add(change);
            }
        }

        return changes;
    }

    /// <summary>Deletes up to <paramref name="limit"/> of the oldest rows written before <paramref name="before"/> (a snapshot holds them); how many it deleted.</summary>
    public async Task<int> ForgetBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {Ticks(before)}");
        var old = new List<TableTransactionAction>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, Math.Min(limit, 100), ["RowKey"], cancellationToken))
        {
            old.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            if (old.Count == limit)
            {
                break;
            }
        }

        foreach (var batch in old.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(batch, cancellationToken);
            }
            catch (TableTransactionFailedException gone) when (gone.Status == 404)
            {
                // Another instance forgot some of them first.
            }
        }

        return old.Count;
    }

    internal static string KeyOf(DateTimeOffset at, string entryId) => $"{Ticks(at)}|{entryId}";

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static SearchChange? Parse(string key)
        => key.Length > 20 && key[19] == '|' && long.TryParse(key.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new SearchChange(key, key[20..], new DateTimeOffset(ticks, TimeSpan.Zero))
            : null;

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Search, cancellationToken);
}
