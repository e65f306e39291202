using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Core.Paging;
using Hub.Core.Storage;

namespace Hub.Core.Comments;

/// <summary>What a comment POST answered, kept so a retry with the same Idempotency-Key gets the same answer.</summary>
public sealed record IdempotentReceipt(string Id, PublicComment? Comment, string WithdrawToken);

/// <summary>
/// The Idempotency table: for a comment POST that carried an <c>Idempotency-Key</c>, a row
/// claimed before the comment is stored and completed with the answer after. A retry (a phone
/// that lost the answer on a flaky network) gets the first answer and stores nothing new. A claim
/// whose request died is taken over after <see cref="AbandonedAfter"/>; an answer is kept for
/// <see cref="KeptFor"/>.
/// </summary>
/// <remarks>
/// Rows are filed by the day they were written, so that expiry is a range query of what is due
/// rather than a scan: PartitionKey <c>posted|{yyyy-MM-dd}</c> (UTC), RowKey a hash of the entry
/// and the key. A lookup reads today's row and yesterday's (two point reads at once; an answer
/// younger than a day is in one of them, and today's wins). Housekeeping deletes the days before
/// yesterday, so an answer is kept at least 24 hours and at most 48. Rows of the layout before
/// (PartitionKey a hash, which sorts before <c>posted|</c>) fall in the same range and go too.
/// </remarks>
public sealed class Idempotency(HubTables tables, TimeProvider clock)
{
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    /// <summary>Rows one expiry run deletes at most (5 range reads and 50 transactions); the next run goes on.</summary>
    public const int ExpireBatch = 5000;

    private const string DayPrefix = "posted|";

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
        var row = Row(entryId, key);
        var now = clock.GetUtcNow();
        var today = Day(now);
        var claim = new TableEntity(today, row) { ["ClaimedAt"] = now };
        var readToday = table.GetEntityIfExistsAsync<TableEntity>(today, row, cancellationToken: cancellationToken);
        var readYesterday = table.GetEntityIfExistsAsync<TableEntity>(Day(now.AddDays(-1)), row, cancellationToken: cancellationToken);
        var found = (await readToday).HasValue ? (await readToday).Value : (await readYesterday).HasValue ? (await readYesterday).Value : null;
        try
        {
            if (found is null)
            {
                await table.AddEntityAsync(claim, cancellationToken);
                return (ClaimState.Claimed, null);
            }

            var claimedAt = found.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue;
            if (found.GetString("Receipt") is { } answer && now - claimedAt < KeptFor)
            {
                return (ClaimState.Answered, JsonSerializer.Deserialize(answer, HubJsonContext.Default.IdempotentReceipt));
            }

            if (found.GetString("Receipt") is null && now - claimedAt < AbandonedAfter)
            {
                return (ClaimState.InProgress, null);
            }

            if (found.PartitionKey == today)
            {
                await table.UpdateEntityAsync(claim, found.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await table.AddEntityAsync(claim, cancellationToken);
            }

            return (ClaimState.Claimed, null);
        }
        catch (RequestFailedException raced) when (raced.Status is 409 or 412)
        {
            return (ClaimState.InProgress, null);
        }
    }

    /// <summary>Keeps the answer, under the day it is given (a claim made just before midnight is answered in the new day's row, which lookups prefer).</summary>
    public async Task CompleteAsync(string entryId, string key, IdempotentReceipt receipt, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var row = new TableEntity(Day(now), Row(entryId, key))
        {
            ["ClaimedAt"] = now,
            ["Receipt"] = JsonSerializer.Serialize(receipt, HubJsonContext.Default.IdempotentReceipt),
        };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Releases a claim whose request was refused, so a corrected retry is judged afresh.</summary>
    public async Task ReleaseAsync(string entryId, string key, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var row = Row(entryId, key);
        var answers = await Task.WhenAll(
            table.DeleteEntityAsync(Day(now), row, ETag.All, cancellationToken),
            table.DeleteEntityAsync(Day(now.AddDays(-1)), row, ETag.All, cancellationToken));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    /// <summary>
    /// Deletes the days no retry can use any more (those that ended <see cref="KeptFor"/> ago or
    /// more): one range query of the keys before the day <see cref="KeptFor"/> ago, which holds
    /// only what is due, and transactions of up to 100 rows of one day. Run hourly; deletes at most
    /// <see cref="ExpireBatch"/> rows a run and returns how many it deleted.
    /// </summary>
    public async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var due = new List<TableEntity>();
        await KeyRange.ReadUpToAsync(table, TableClient.CreateQueryFilter($"PartitionKey lt {Day(clock.GetUtcNow() - KeptFor)}"), due, ExpireBatch, ["PartitionKey", "RowKey"], cancellationToken);
        var deleted = 0;
        foreach (var day in due.GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in day.Chunk(100))
            {
                try
                {
                    await table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All)), cancellationToken);
                    deleted += chunk.Length;
                }
                catch (TableTransactionFailedException gone) when (gone.Status == 404)
                {
                    // Another run deleted one of them meanwhile: the rest go next time.
                }
            }
        }

        return deleted;
    }

    /// <summary>The partition of the rows written on <paramref name="time"/>'s day (UTC).</summary>
    private static string Day(DateTimeOffset time) => DayPrefix + time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Row(string entryId, string key) => Hashing.Sha256(entryId + "\n" + key);

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Idempotency, cancellationToken);
}
