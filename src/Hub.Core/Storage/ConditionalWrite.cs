using Azure;
using Azure.Data.Tables;

namespace Hub.Core.Storage;

/// <summary>
/// A row written only over the version that was read: added where none was read (a default
/// ETag), replaced on condition of the ETag read otherwise. Of two writers that read the same
/// version, one wins and the other is told to read again. Used by every row a claim or a pass
/// keeps its state in.
/// </summary>
public static class ConditionalWrite
{
    /// <summary>Writes <paramref name="next"/> over the version with ETag <paramref name="read"/> (default: none); false when the row changed meanwhile. On success <paramref name="next"/> carries its new ETag.</summary>
    public static async Task<bool> TryWriteAsync<T>(this TableClient table, T next, ETag read, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        try
        {
            var response = read == default
                ? await table.AddEntityAsync(next, cancellationToken)
                : await table.UpdateEntityAsync(next, read, TableUpdateMode.Replace, cancellationToken);
            next.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException lost) when (lost.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Removes the row on condition of the ETag read; false when it changed (or went) meanwhile.</summary>
    public static async Task<bool> TryDeleteAsync(this TableClient table, string partition, string row, ETag read, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partition, row, read, cancellationToken);
            return true;
        }
        catch (RequestFailedException lost) when (lost.Status is 409 or 412 or 404)
        {
            return false;
        }
    }
}
