using Azure;
using Azure.Data.Tables;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Storage;

namespace Hub.Core.Comments.ModerationTable;

/// <summary>The one partition of the Moderation table (layout: <see cref="ModerationKeys"/>).</summary>
internal sealed class ModerationPartition(HubTables tables)
{
    public Task<TableClient> GetAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Moderation, cancellationToken);

    public async Task SubmitAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var table = await GetAsync(cancellationToken);
        await table.SubmitTransactionAsync(actions, cancellationToken);
    }

    public async Task<T?> GetRowAsync<T>(string rowKey, CancellationToken cancellationToken)
        where T : class, ITableEntity, new()
    {
        var table = await GetAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<T>(ModerationKeys.Partition, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Removes a row if it is there (no error when it is not).</summary>
    public async Task DeleteAsync(string rowKey, CancellationToken cancellationToken)
    {
        var table = await GetAsync(cancellationToken);
        using var _ = await table.DeleteEntityAsync(ModerationKeys.Partition, rowKey, ETag.All, cancellationToken);
    }

    public static TableTransactionAction Delete(string rowKey, ETag etag)
        => new(TableTransactionActionType.Delete, new TableEntity(ModerationKeys.Partition, rowKey), etag);
}
