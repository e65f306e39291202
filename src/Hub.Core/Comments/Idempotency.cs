using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Core.Storage;

namespace Hub.Core.Comments;

/// <summary>What a comment POST answered, kept so a retry with the same Idempotency-Key gets the same answer.</summary>
public sealed record IdempotentReceipt(string Id, PublicComment? Comment, string WithdrawToken);

/// <summary>
/// The Idempotency table: for a comment POST that carried an <c>Idempotency-Key</c>, a row under
/// a hash of the entry and the key, claimed before the comment is stored and completed with the
/// answer after. A retry (a phone that lost the answer on a flaky network) gets the first
/// answer and stores nothing new. A claim whose request died is taken over after
/// <see cref="AbandonedAfter"/>; an answer is kept for <see cref="KeptFor"/>.
/// </summary>
public sealed class Idempotency(HubTables tables, TimeProvider clock)
{
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    private const string Row = "receipt";

    public enum ClaimState
    {
        Claimed,
        Answered,
        InProgress,
    }

    public static bool IsValidKey(string? key) => key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= '!' and <= '~');

    /// <summary>Claims the key for this request, or returns the answer a request with it already got.</summary>
    public async Task<(ClaimState State, IdempotentReceipt? Receipt)> ClaimAsync(string entryId, string key, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var partition = Partition(entryId, key);
        var now = clock.GetUtcNow();
        var claim = new TableEntity(partition, Row) { ["ClaimedAt"] = now };
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, Row, cancellationToken: cancellationToken);
        try
        {
            if (!existing.HasValue)
            {
                await table.AddEntityAsync(claim, cancellationToken);
                return (ClaimState.Claimed, null);
            }

            var row = existing.Value!;
            var claimedAt = row.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue;
            if (row.GetString("Receipt") is { } answer && now - claimedAt < KeptFor)
            {
                return (ClaimState.Answered, JsonSerializer.Deserialize(answer, HubJsonContext.Default.IdempotentReceipt));
            }

            if (row.GetString("Receipt") is null && now - claimedAt < AbandonedAfter)
            {
                return (ClaimState.InProgress, null);
            }

            await table.UpdateEntityAsync(claim, row.ETag, TableUpdateMode.Replace, cancellationToken);
            return (ClaimState.Claimed, null);
        }
        catch (RequestFailedException raced) when (raced.Status is 409 or 412)
        {
            return (ClaimState.InProgress, null);
        }
    }

    public async Task CompleteAsync(string entryId, string key, IdempotentReceipt receipt, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = new TableEntity(Partition(entryId, key), Row)
        {
            ["ClaimedAt"] = clock.GetUtcNow(),
            ["Receipt"] = JsonSerializer.Serialize(receipt, HubJsonContext.Default.IdempotentReceipt),
        };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Releases a claim whose request was refused, so a corrected retry is judged afresh.</summary>
    public async Task ReleaseAsync(string entryId, string key, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        using var _ = await table.DeleteEntityAsync(Partition(entryId, key), Row, ETag.All, cancellationToken);
    }

    /// <summary>Rows one expiry run deletes at most; the next run goes on.</summary>
    public const int ExpireBatch = 1000;

    /// <summary>
    /// Deletes the answers kept longer than <see cref="KeptFor"/> (no retry can use them any more).
    /// Table Storage has no time to live, and the rows are keyed for lookups, not by time, so this
    /// filters on the service's own Timestamp: a scan of the table, which after the first run
    /// holds only about a day of posts. Run hourly; returns how many it deleted.
    /// </summary>
    public async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var cutoff = clock.GetUtcNow() - KeptFor;
        var deleted = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Timestamp lt {cutoff}"), maxPerPage: ExpireBatch, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            using var _ = await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            if (++deleted == ExpireBatch)
            {
                break;
            }
        }

        return deleted;
    }

    private static string Partition(string entryId, string key) => Hashing.Sha256(entryId + "\n" + key);

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Idempotency, cancellationToken);
}
