using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Hub.Core.FollowUps;
using Hub.Core.Paging;
using Hub.Core.Publishing;
using Hub.Core.Storage;

namespace Hub.Core.Resources;

/// <summary>
/// Reads and writes entries in the Resources table (layout: <see cref="ResourceKeys"/>). Readers'
/// point reads are served from memory for <see cref="CacheFor"/>: a change made through this
/// instance is seen here at once, and by other instances within that time.
/// </summary>
public sealed class ResourceRepository(HubTables tables, PublicChanges changes, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    /// <summary>Rows one filtered list request reads at most (one storage request): search is bounded, not a scan of everything.</summary>
    public const int ScanLimit = 1000;

    private const int MaxWriteAttempts = 4;

    private readonly ConcurrentDictionary<string, (StoredResource? Stored, DateTimeOffset ReadAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>The entry as readers see it, from memory when read less than <see cref="CacheFor"/> ago.</summary>
    public async Task<StoredResource?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(id, out var cached) && now - cached.ReadAt < CacheFor)
        {
            return cached.Stored;
        }

        var stored = await GetCurrentAsync(id, cancellationToken);
        _cache[id] = (stored, now);
        return stored;
    }

    /// <summary>The entry as stored now (for writers, who must not act on a copy).</summary>
    public async Task<StoredResource?> GetCurrentAsync(string id, CancellationToken cancellationToken)
        => ToStored(await GetEntityAsync(await TableAsync(cancellationToken), id, cancellationToken));

    /// <summary>
    /// One page of a list, newest first: one range query over that list's rows. With a text
    /// query (or a tag and a category together) the rows are filtered here, and a request reads at
    /// most <see cref="ScanLimit"/> rows: it may return fewer matches than asked, with a cursor to
    /// go on from where it stopped.
    /// </summary>
    public async Task<ResourcePage> ListAsync(ResourceQuery query, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var prefix = ResourceKeys.ListPrefix(query.Category, query.Tag);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {ResourceKeys.Partition} and RowKey gt {prefix + query.After} and RowKey lt {ResourceKeys.ListEnd(prefix)}");
        var (items, nextCursor) = await KeysetPage.ReadAsync<ResourceEntity>(
            table,
            filter,
            query.Limit,
            row => row.RowKey[prefix.Length..],
            cancellationToken,
            query.FiltersInMemory ? (query.Matches, ScanLimit) : null);
        return new ResourcePage(items.ConvertAll(entity => entity.ToEntry()), nextCursor);
    }

    /// <summary>
    /// Creates or replaces an entry: the entry row and all its listing rows change in one
    /// transaction. <paramref name="ifMatch"/> names a revision; the write itself is conditional on
    /// the row's storage ETag, and is tried again when only the comment count moved underneath.
    /// The record of the save's follow-up commits with it, naming the lists the entry left and joined.
    /// </summary>
    public async Task<WriteResult> SaveAsync(string id, ResourceContent content, ETag? ifMatch, FollowUpRecord record, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await GetEntityAsync(table, id, cancellationToken);
            if (ifMatch is { } expected && (existing is null || !ResourceVersion.Matches(expected, existing.Revision)))
            {
                return new WriteResult(WriteOutcome.PreconditionFailed);
            }

            var now = clock.GetUtcNow();
            var entry = ResourceEntity.From(id, content, existing?.CreatedAt ?? now, now, ResourceVersion.NewRevision(), existing?.Comments ?? 0);
            var actions = new List<TableTransactionAction>
            {
                existing is null
                    ? new(TableTransactionActionType.Add, entry)
                    : new(TableTransactionActionType.UpdateReplace, entry, existing.ETag),
            };
            var rows = entry.ListingRows.ToHashSet(StringComparer.Ordinal);
            if (existing is not null)
            {
                actions.AddRange(existing.ListingRows.Where(row => !rows.Contains(row))
                    .Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(ResourceKeys.Partition, row), ETag.All)));
            }

            actions.AddRange(rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entry.WithRowKey(row))));
            record.ListingBefore = EntryLifecycle.ListingJson(existing?.ToEntry());
            record.ListingAfter = EntryLifecycle.ListingJson(entry.ToEntry());
            actions.Add(record.ToAdd());
            try
            {
                var responses = await table.SubmitTransactionAsync(actions, cancellationToken);
                entry.ETag = responses.Value[0].Headers.ETag ?? default;
                Forget(id);
                return new WriteResult(existing is null ? WriteOutcome.Created : WriteOutcome.Replaced, ToStored(entry));
            }
            catch (TableTransactionFailedException failure) when (failure.Status is 409 or 412 or 404 && attempt < MaxWriteAttempts)
            {
                // Someone wrote the entry between our read and our write: read it again and re-check.
            }
            catch (TableTransactionFailedException failure) when (failure.Status is 409 or 412 or 404)
            {
                return new WriteResult(ifMatch is null ? WriteOutcome.Conflict : WriteOutcome.PreconditionFailed);
            }
        }
    }

    /// <summary>Deletes an entry's rows with the record of its follow-up (which removes its discussion and pages).</summary>
    public async Task<WriteResult> DeleteAsync(string id, ETag? ifMatch, FollowUpRecord record, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await GetEntityAsync(table, id, cancellationToken);
            if (existing is null)
            {
                Forget(id);
                return new WriteResult(ifMatch is null ? WriteOutcome.NotFound : WriteOutcome.PreconditionFailed);
            }

            if (ifMatch is { } expected && !ResourceVersion.Matches(expected, existing.Revision))
            {
                return new WriteResult(WriteOutcome.PreconditionFailed);
            }

            record.ListingBefore = EntryLifecycle.ListingJson(existing.ToEntry());
            record.ListingAfter = null;
            var actions = existing.ListingRows
                .Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(ResourceKeys.Partition, row), ETag.All))
                .Prepend(new TableTransactionAction(TableTransactionActionType.Delete, existing, existing.ETag))
                .Append(record.ToAdd());
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                Forget(id);
                return new WriteResult(WriteOutcome.Deleted);
            }
            catch (TableTransactionFailedException failure) when (failure.Status is 404 or 412 && attempt < MaxWriteAttempts)
            {
            }
            catch (TableTransactionFailedException failure) when (failure.Status is 404 or 412)
            {
                return new WriteResult(ifMatch is null ? WriteOutcome.Conflict : WriteOutcome.PreconditionFailed);
            }
        }
    }

    /// <summary>
    /// Copies an entry's approved-comment count onto its rows (one transaction, none when it is
    /// already right), so reading an entry or a list never reads the comments. Conditional on the
    /// entry as <paramref name="counted"/> was read: false when it changed since, and the caller
    /// counts again, so a slower writer never puts back an older count.
    /// </summary>
    public async Task<bool> RecordCommentCountAsync(StoredResource counted, int comments, CancellationToken cancellationToken)
    {
        if (counted.Entry.CommentCount == comments)
        {
            return true;
        }

        var table = await TableAsync(cancellationToken);
        var entry = counted.Entry;
        var rows = ResourceKeys.ListingRows(entry.PublishedOn, entry.Category, entry.Tags, entry.Id)
            .Select(row => new TableTransactionAction(TableTransactionActionType.UpdateMerge, CountRow(row, comments), ETag.All))
            .Prepend(new TableTransactionAction(TableTransactionActionType.UpdateMerge, CountRow(ResourceKeys.EntryRow(entry.Id), comments), counted.StorageETag));
        try
        {
            await table.SubmitTransactionAsync(rows, cancellationToken);
            Forget(entry.Id);
            return true;
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Every entry row, in id order (for a backup).</summary>
    internal async Task<List<ResourceEntity>> ListEntryRowsAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ResourceKeys.Partition} and RowKey gt {ResourceKeys.EntryPrefix} and RowKey lt {ResourceKeys.ListEnd(ResourceKeys.EntryPrefix)}");
        var rows = new List<ResourceEntity>();
        await foreach (var row in table.QueryAsync<ResourceEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Writes an entry as a backup had it (its revision and times kept), with all its listing rows, in one transaction.</summary>
    internal async Task RestoreAsync(ResourceEntity entry, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var actions = entry.ListingRows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entry.WithRowKey(row)))
            .Prepend(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entry));
        await table.SubmitTransactionAsync(actions, cancellationToken);
        Forget(entry.Id);
    }

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ResourceKeys.Partition} and RowKey gt {ResourceKeys.EntryPrefix} and RowKey lt {ResourceKeys.ListEnd(ResourceKeys.EntryPrefix)}");
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return false;
        }

        return true;
    }

    private void Forget(string id)
    {
        _cache.TryRemove(id, out _);
        changes.Record();
    }

    private static TableEntity CountRow(string rowKey, int comments) => new(ResourceKeys.Partition, rowKey) { ["Comments"] = comments };

    private static StoredResource? ToStored(ResourceEntity? entity)
        => entity is null ? null : new StoredResource(entity.ToEntry(), entity.Revision) { StorageETag = entity.ETag };

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Resources, cancellationToken);

    private static async Task<ResourceEntity?> GetEntityAsync(TableClient table, string id, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<ResourceEntity>(ResourceKeys.Partition, ResourceKeys.EntryRow(id), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}
