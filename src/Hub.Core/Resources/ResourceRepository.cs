using Azure;
using Azure.Data.Tables;
using Hub.Core.Paging;
using Hub.Core.Storage;

namespace Hub.Core.Resources;

/// <summary>Reads and writes entries in the Resources table (layout: <see cref="ResourceKeys"/>).</summary>
public sealed class ResourceRepository(HubTables tables, TimeProvider clock)
{
    public async Task<StoredResource?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(await TableAsync(cancellationToken), id, cancellationToken);
        return entity is null ? null : new StoredResource(entity.ToEntry(), entity.ETag);
    }

    public async Task<ResourcePage> ListAsync(ResourceQuery query, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var after = query.After ?? ResourceKeys.DatePrefix;
        var filter = query.Category is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {ResourceKeys.Partition} and RowKey gt {after} and RowKey lt {ResourceKeys.DateRangeEnd}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {ResourceKeys.Partition} and RowKey gt {after} and RowKey lt {ResourceKeys.DateRangeEnd} and Category eq {query.Category}");

        var (items, nextCursor) = await KeysetPage.ReadAsync<ResourceEntity>(
            table, filter, query.Limit, cancellationToken, query.FiltersInMemory ? query.Matches : null);
        return new ResourcePage(items.ConvertAll(entity => entity.ToEntry()), nextCursor);
    }

    /// <summary>Creates or replaces an entry; both of its rows change in one transaction.</summary>
    public async Task<WriteResult> SaveAsync(string id, ResourceContent content, ETag? ifMatch, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var existing = await GetEntityAsync(table, id, cancellationToken);
        if (ifMatch is { } expected && (existing is null || !ETagMatches(expected, existing.ETag)))
        {
            return new WriteResult(WriteOutcome.PreconditionFailed);
        }

        var now = clock.GetUtcNow();
        var entry = ResourceEntity.From(id, content, existing?.CreatedAt ?? now, now, ResourceKeys.EntryRow(id));
        var dateRow = entry.WithRowKey(ResourceKeys.DateRow(content.PublishedOn, id));
        var actions = new List<TableTransactionAction>();
        if (existing is null)
        {
            actions.Add(new(TableTransactionActionType.Add, entry));
            actions.Add(new(TableTransactionActionType.Add, dateRow));
        }
        else
        {
            actions.Add(new(TableTransactionActionType.UpdateReplace, entry, existing.ETag));
            var oldDateRow = ResourceKeys.DateRow(existing.PublishedOnDate, id);
            if (oldDateRow != dateRow.RowKey)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(ResourceKeys.Partition, oldDateRow), ETag.All));
            }

            actions.Add(new(TableTransactionActionType.UpsertReplace, dateRow));
        }

        try
        {
            var responses = await table.SubmitTransactionAsync(actions, cancellationToken);
            var stored = new StoredResource(entry.ToEntry(), responses.Value[0].Headers.ETag ?? default);
            return new WriteResult(existing is null ? WriteOutcome.Created : WriteOutcome.Replaced, stored);
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 409 or 412 or 404)
        {
            return new WriteResult(ifMatch is null ? WriteOutcome.Conflict : WriteOutcome.PreconditionFailed);
        }
    }

    public async Task<WriteResult> DeleteAsync(string id, ETag? ifMatch, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var existing = await GetEntityAsync(table, id, cancellationToken);
        if (existing is null)
        {
            return new WriteResult(ifMatch is null ? WriteOutcome.NotFound : WriteOutcome.PreconditionFailed);
        }

        if (ifMatch is { } expected && !ETagMatches(expected, existing.ETag))
        {
            return new WriteResult(WriteOutcome.PreconditionFailed);
        }

        var dateRow = ResourceKeys.DateRow(existing.PublishedOnDate, id);
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Delete, existing, existing.ETag),
            new(TableTransactionActionType.Delete, new TableEntity(ResourceKeys.Partition, dateRow), ETag.All),
        ];
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return new WriteResult(WriteOutcome.Deleted);
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 404 or 412)
        {
            return new WriteResult(ifMatch is null ? WriteOutcome.Conflict : WriteOutcome.PreconditionFailed);
        }
    }

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ResourceKeys.Partition}");
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return false;
        }

        return true;
    }

    private static bool ETagMatches(ETag expected, ETag actual) => expected == ETag.All || expected == actual;

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Resources, cancellationToken);

    private static async Task<ResourceEntity?> GetEntityAsync(TableClient table, string id, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<ResourceEntity>(ResourceKeys.Partition, ResourceKeys.EntryRow(id), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}
