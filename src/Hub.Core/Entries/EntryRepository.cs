using Azure;
using Azure.Data.Tables;
using Hub.Core.FollowUps;
using Hub.Core.Paging;
using Hub.Core.Publishing;
using Hub.Core.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace Hub.Core.Entries;

/// <summary>
/// Reads and writes entries in the Resources table (layout: <see cref="EntryKeys"/>). Readers'
/// point reads are served from memory (<see cref="HubCache"/>): a change made through this
/// instance is seen here at once, and by other instances within <see cref="HubCache.Expiry"/>.
/// </summary>
public sealed class EntryRepository(HubTables tables, PublicChanges changes, IMemoryCache cache, TimeProvider clock)
{
    /// <summary>Rows one request reads at most: a month of a list per request, and a tag's list filtered to a category (a rare pair, for the API alone).</summary>
    public const int ScanLimit = 1000;

    private const int MaxWriteAttempts = 4;

    /// <summary>The entry as readers see it, from memory when read less than <see cref="HubCache.Expiry"/> ago.</summary>
    public async Task<StoredEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey(id), out StoredEntry? cached))
        {
            return cached;
        }

        var stored = await GetCurrentAsync(id, cancellationToken);
        cache.Set(CacheKey(id), stored, HubCache.Entry);
        return stored;
    }

    /// <summary>The entry as stored now (for writers, who must not act on a copy).</summary>
    public async Task<StoredEntry?> GetCurrentAsync(string id, CancellationToken cancellationToken)
        => ToStored(await GetEntityAsync(await TableAsync(cancellationToken), id, cancellationToken));

    /// <summary>
    /// One page of a list, newest first: one range query over that list's rows. With a tag and a
    /// category together the tag's rows are filtered here, and a request reads at most
    /// <see cref="ScanLimit"/> rows: it may return fewer matches than asked, with a cursor to go on
    /// from where it stopped. (Text is searched by <see cref="Search.EntrySearch"/>, never here.)
    /// </summary>
    public async Task<EntriesPage> ListAsync(EntryQuery query, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var prefix = EntryKeys.ListPrefix(query.Category, query.Tag);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {EntryKeys.Partition} and RowKey gt {prefix + query.After} and RowKey lt {EntryKeys.ListEnd(prefix)}");
        var (items, nextCursor) = await KeysetPage.ReadAsync<EntryEntity>(
            table,
            filter,
            query.Limit,
            row => row.RowKey[prefix.Length..],
            cancellationToken,
            query.FiltersInMemory ? (query.Matches, ScanLimit) : null,
            query.IncludeBody ? null : EntryEntity.ListingColumns);
        return new EntriesPage(items.ConvertAll(entity => entity.ToEntry()), nextCursor);
    }

    /// <summary>
    /// Every entry of one month of a list (the date list, a category's or a tag's), newest first:
    /// one range query over that month's rows (a request per 1,000 of them). What one archive
    /// page shows, whatever the size of the rest of the list.
    /// </summary>
    public async Task<IReadOnlyList<Entry>> ListMonthAsync(string? category, string? tag, ArchiveMonth month, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var (from, to) = MonthRange(EntryKeys.ListPrefix(category, tag), month);
        var entries = new List<Entry>();
        await foreach (var row in table.QueryAsync<EntryEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {EntryKeys.Partition} and RowKey ge {from} and RowKey lt {to}"), ScanLimit, EntryEntity.ListingColumns, cancellationToken))
        {
            entries.Add(row.ToEntry());
        }

        return entries;
    }

    /// <summary>
    /// An entry's position in every list it is on (<c>{inverted date}|{id}</c>): lists sort by it,
    /// newest first, so a range of positions is a run of consecutive entries.
    /// </summary>
    public static string PositionOf(DateOnly? publishedOn, string id) => EntryKeys.Position(publishedOn, id);

    /// <summary>
    /// The entries of one month of a list whose positions are in [<paramref name="from"/>,
    /// <paramref name="to"/>) (null: from the month's start, to its end), newest first: one range
    /// query that reads only those rows (a request per 1,000). What one archive page shows, whatever
    /// the size of the rest of its month.
    /// </summary>
    public async Task<IReadOnlyList<Entry>> ListMonthRangeAsync(string? category, string? tag, ArchiveMonth month, string? from, string? to, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var prefix = EntryKeys.ListPrefix(category, tag);
        var (start, end) = MonthRange(prefix, month);
        if (!string.IsNullOrEmpty(from) && string.CompareOrdinal(prefix + from, start) > 0)
        {
            start = prefix + from;
        }

        if (to is not null && string.CompareOrdinal(prefix + to, end) < 0)
        {
            end = prefix + to;
        }

        var entries = new List<Entry>();
        if (string.CompareOrdinal(start, end) >= 0)
        {
            return entries;
        }

        await foreach (var row in table.QueryAsync<EntryEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {EntryKeys.Partition} and RowKey ge {start} and RowKey lt {end}"), ScanLimit, EntryEntity.ListingColumns, cancellationToken))
        {
            entries.Add(row.ToEntry());
        }

        return entries;
    }

    /// <summary>
    /// The months of a list that hold entries, newest first (undated last): one request per month
    /// (each reads the first row past the month before), never a read of every entry.
    /// </summary>
    public async Task<IReadOnlyList<ArchiveMonth>> ListMonthsAsync(string? category, string? tag, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var prefix = EntryKeys.ListPrefix(category, tag);
        var months = new List<ArchiveMonth>();
        var from = prefix;
        while (true)
        {
            EntryEntity? first = null;
            await foreach (var row in table.QueryAsync<EntryEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {EntryKeys.Partition} and RowKey ge {from} and RowKey lt {EntryKeys.ListEnd(prefix)}"),
                maxPerPage: 1, select: ["RowKey", "PublishedOn"], cancellationToken: cancellationToken))
            {
                first = row;
                break;
            }

            if (first is null)
            {
                return months;
            }

            var month = ArchiveMonth.Of(first.PublishedOnDate);
            months.Add(month);
            if (month.IsUndated)
            {
                return months;
            }

            from = MonthRange(prefix, month).To;
        }
    }

    /// <summary>A batch of entry ids in id order after <paramref name="after"/>, and the id to go on from (null when done).</summary>
    public async Task<(IReadOnlyList<string> Ids, string? Next)> ListIdsAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {EntryKeys.Partition} and RowKey gt {EntryKeys.EntryPrefix + after} and RowKey lt {EntryKeys.ListEnd(EntryKeys.EntryPrefix)}");
        var ids = new List<string>(limit + 1);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: limit + 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(row.RowKey[EntryKeys.EntryPrefix.Length..]);
            if (ids.Count > limit)
            {
                break;
            }
        }

        return ids.Count > limit ? (ids[..limit], ids[limit - 1]) : (ids, null);
    }

    /// <summary>The key range of a month in a list: [From, To), positions being the inverted date first.</summary>
    private static (string From, string To) MonthRange(string prefix, ArchiveMonth month)
    {
        if (month.IsUndated)
        {
            return (prefix + EntryKeys.Position(null, "")[..8], EntryKeys.ListEnd(prefix));
        }

        var newest = new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));
        var oldest = new DateOnly(month.Year, month.Month, 1);
        if (oldest == DateOnly.MinValue)
        {
            return (prefix + EntryKeys.Position(newest, "")[..8], prefix + EntryKeys.Position(null, "")[..8]);
        }

        // Positions of one date share their first 8 characters; the range ends before the day
        // before the month's first (the next inverted number).
        return (prefix + EntryKeys.Position(newest, "")[..8], prefix + EntryKeys.Position(oldest.AddDays(-1), "")[..8]);
    }

    /// <summary>
    /// Creates or replaces an entry: the entry row and all its listing rows change in one
    /// transaction. <paramref name="ifMatch"/> names a revision; the write itself is conditional on
    /// the row's storage ETag, and is tried again when only the comment count moved underneath.
    /// The record of the save's follow-up commits with it, through <paramref name="write"/>:
    /// <paramref name="followUp"/> says what follows, from the entry as it was (null when new) and as saved.
    /// </summary>
    public async Task<WriteResult> SaveAsync(string id, EntryContent content, ETag? ifMatch, OutboxWrite write, Func<Entry?, Entry, FollowUp> followUp, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await GetEntityAsync(table, id, cancellationToken);
            if (ifMatch is { } expected && (existing is null || !EntryVersion.Matches(expected, existing.Revision)))
            {
                return new WriteResult(WriteOutcome.PreconditionFailed);
            }

            var now = clock.GetUtcNow();
            var entry = EntryEntity.From(id, content, existing?.CreatedAt ?? now, now, EntryVersion.NewRevision(), existing?.Comments ?? 0);
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
                    .Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(EntryKeys.Partition, row), ETag.All)));
            }

            actions.AddRange(rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entry.WithRowKey(row))));
            try
            {
                var answers = await write.CommitAsync(actions, followUp(existing?.ToEntry(), entry.ToEntry()), cancellationToken);
                entry.ETag = answers?[0].Headers.ETag ?? default;
                Forget(id);
                return new WriteResult(existing is null ? WriteOutcome.Created : WriteOutcome.Replaced, ToStored(entry), existing?.ToEntry());
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

    /// <summary>Deletes an entry's rows with the record of its follow-up (which removes its discussion and pages), from the entry as it was.</summary>
    public async Task<WriteResult> DeleteAsync(string id, ETag? ifMatch, OutboxWrite write, Func<Entry, FollowUp> followUp, CancellationToken cancellationToken)
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

            if (ifMatch is { } expected && !EntryVersion.Matches(expected, existing.Revision))
            {
                return new WriteResult(WriteOutcome.PreconditionFailed);
            }

            var actions = existing.ListingRows
                .Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(EntryKeys.Partition, row), ETag.All))
                .Prepend(new TableTransactionAction(TableTransactionActionType.Delete, existing, existing.ETag));
            try
            {
                await write.CommitAsync(actions, followUp(existing.ToEntry()), cancellationToken);
                Forget(id);
                return new WriteResult(WriteOutcome.Deleted, Previous: existing.ToEntry());
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
    public async Task<bool> RecordCommentCountAsync(StoredEntry counted, int comments, CancellationToken cancellationToken)
    {
        if (counted.Entry.CommentCount == comments)
        {
            return true;
        }

        var table = await TableAsync(cancellationToken);
        var entry = counted.Entry;
        var rows = EntryKeys.ListingRows(entry.PublishedOn, entry.Category, entry.Tags, entry.Id)
            .Select(row => new TableTransactionAction(TableTransactionActionType.UpdateMerge, CountRow(row, comments), ETag.All))
            .Prepend(new TableTransactionAction(TableTransactionActionType.UpdateMerge, CountRow(EntryKeys.EntryRow(entry.Id), comments), counted.StorageETag));
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
    internal async Task<List<EntryEntity>> ListEntryRowsAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {EntryKeys.Partition} and RowKey gt {EntryKeys.EntryPrefix} and RowKey lt {EntryKeys.ListEnd(EntryKeys.EntryPrefix)}");
        var rows = new List<EntryEntity>();
        await foreach (var row in table.QueryAsync<EntryEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Writes an entry as a backup had it (its revision and times kept), with all its listing rows, in one transaction.</summary>
    internal async Task RestoreAsync(EntryEntity entry, CancellationToken cancellationToken)
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
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {EntryKeys.Partition} and RowKey gt {EntryKeys.EntryPrefix} and RowKey lt {EntryKeys.ListEnd(EntryKeys.EntryPrefix)}");
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return false;
        }

        return true;
    }

    private void Forget(string id)
    {
        cache.Remove(CacheKey(id));
        changes.Record();
    }

    private static string CacheKey(string id) => "entry:" + id;

    private static TableEntity CountRow(string rowKey, int comments) => new(EntryKeys.Partition, rowKey) { ["Comments"] = comments };

    private static StoredEntry? ToStored(EntryEntity? entity)
        => entity is null ? null : new StoredEntry(entity.ToEntry(), entity.Revision) { StorageETag = entity.ETag };

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Resources, cancellationToken);

    private static async Task<EntryEntity?> GetEntityAsync(TableClient table, string id, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<EntryEntity>(EntryKeys.Partition, EntryKeys.EntryRow(id), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}
