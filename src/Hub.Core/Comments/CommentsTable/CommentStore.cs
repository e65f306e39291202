using Azure;
using Azure.Data.Tables;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.FollowUps;
using Hub.Core.Paging;
using Hub.Core.Storage;

namespace Hub.Core.Comments.CommentsTable;

/// <summary>
/// The Comments table: every write to one entry's comments is one atomic transaction (see
/// <see cref="CommentKeys"/>), carrying the record of its follow-up.
/// </summary>
internal sealed class CommentStore(HubTables tables)
{
    public async Task<CommentEntity?> GetAsync(string entryId, string commentId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<CommentEntity>(entryId, CommentKeys.Comment(commentId), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    public async Task<PublicCommentPage> ListPublicAsync(string entryId, string? afterRowKey, int limit, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var after = afterRowKey ?? CommentKeys.PublicPrefix;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {entryId} and RowKey gt {after} and RowKey lt {CommentKeys.PublicRangeEnd}");
        var (items, next) = await KeysetPage.ReadAsync<PublishedCommentEntity>(table, filter, limit, row => row.RowKey, cancellationToken);
        return new PublicCommentPage(items.ConvertAll(row => row.ToPublicComment()), next);
    }

    /// <summary>
    /// How many comments of the entry are approved: its <c>p|</c> rows, counted by one range query
    /// of their keys (one request per 1,000). Only the follow-up counts, off the request path, so
    /// no write contends for a count row.
    /// </summary>
    public async Task<int> CountApprovedAsync(string entryId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {entryId} and RowKey gt {CommentKeys.PublicPrefix} and RowKey lt {CommentKeys.PublicRangeEnd}");
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }

    /// <summary>Whether the same author already posted the same text on this entry (see <see cref="CommentEntity.DuplicateKey"/>).</summary>
    public async Task<bool> IsDuplicateAsync(string entryId, string duplicateKey, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var guard = await table.GetEntityIfExistsAsync<TableEntity>(entryId, CommentKeys.DuplicatePrefix + duplicateKey, cancellationToken: cancellationToken);
        return guard.HasValue;
    }

    /// <summary>Stores a new comment with the record of its follow-up; false when the same author already posted the same text on this entry.</summary>
    public static async Task<bool> CreateAsync(CommentEntity comment, OutboxWrite write, CommentChanged followUp, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, comment),
            new(TableTransactionActionType.Add, DuplicateGuard(comment)),
        };
        var approved = comment.CurrentStatus == CommentStatus.Approved;
        if (approved)
        {
            actions.Add(new(TableTransactionActionType.Add, comment.ToPublishedRow()));
        }

        try
        {
            comment.ETag = (await write.CommitAsync(actions, followUp, cancellationToken))?[0].Headers.ETag ?? default;
            return true;
        }
        catch (TableTransactionFailedException failure) when (failure.Status == 409 && failure.FailedTransactionActionIndex == 1)
        {
            return false;
        }
    }

    /// <summary>Moves a comment to another status (with a new version) and adds the record of its follow-up; false when it changed since <paramref name="current"/> was read.</summary>
    public static async Task<bool> ChangeStatusAsync(CommentEntity current, CommentStatus next, DateTimeOffset now, OutboxWrite write, CommentChanged followUp, CancellationToken cancellationToken)
    {
        var previous = current.CurrentStatus;
        var etag = current.ETag;
        current.PreviousStatus = current.Status;
        current.Status = next.ToApi();
        current.StatusChangedAt = now;
        current.Version = CommentVersion.New();

        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, current, etag) };
        if (next == CommentStatus.Approved && previous != CommentStatus.Approved)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, current.ToPublishedRow()));
        }
        else if (previous == CommentStatus.Approved && next != CommentStatus.Approved)
        {
            actions.Add(new(TableTransactionActionType.Delete, current.ToPublishedRow(), ETag.All));
        }

        try
        {
            current.ETag = (await write.CommitAsync(actions, followUp, cancellationToken))?[0].Headers.ETag ?? default;
            return true;
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 412 or 404 && failure.FailedTransactionActionIndex == 0)
        {
            return false;
        }
    }

    /// <summary>Removes a comment and every row that stands for it, with the record of its follow-up; false when it changed since it was read.</summary>
    public static async Task<bool> DeleteAsync(CommentEntity current, OutboxWrite write, CommentChanged followUp, CancellationToken cancellationToken)
    {
        try
        {
            await write.CommitAsync(Deletion(current), followUp, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 412 or 404 && failure.FailedTransactionActionIndex == 0)
        {
            return false;
        }
    }

    /// <summary>Removes a comment that a follow-up is taking away (its entry is gone): no record of its own; false when it changed since it was read.</summary>
    public async Task<bool> PurgeAsync(CommentEntity current, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        try
        {
            await table.SubmitTransactionAsync(Deletion(current), cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 412 or 404 && failure.FailedTransactionActionIndex == 0)
        {
            return false;
        }
    }

    private static List<TableTransactionAction> Deletion(CommentEntity current)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Delete, current, current.ETag),
            new(TableTransactionActionType.Delete, DuplicateGuard(current), ETag.All),
        };
        if (current.CurrentStatus == CommentStatus.Approved)
        {
            actions.Add(new(TableTransactionActionType.Delete, current.ToPublishedRow(), ETag.All));
        }

        return actions;
    }

    /// <summary>Every comment of an entry, in any status (the <c>c|</c> rows).</summary>
    public async Task<IReadOnlyList<CommentEntity>> ListAllAsync(string entryId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {entryId} and RowKey gt {CommentKeys.CommentPrefix} and RowKey lt {CommentKeys.CommentRangeEnd}");
        var comments = new List<CommentEntity>();
        await foreach (var comment in table.QueryAsync<CommentEntity>(filter, cancellationToken: cancellationToken))
        {
            comments.Add(comment);
        }

        return comments;
    }

    /// <summary>Every comment of every entry, in any status (for the repair: it reads the whole table's <c>c|</c> rows).</summary>
    public async Task<List<CommentEntity>> ListEveryAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var comments = new List<CommentEntity>();
        await foreach (var comment in table.QueryAsync<CommentEntity>(TableClient.CreateQueryFilter($"RowKey gt {CommentKeys.CommentPrefix} and RowKey lt {CommentKeys.CommentRangeEnd}"), cancellationToken: cancellationToken))
        {
            comments.Add(comment);
        }

        return comments;
    }

    /// <summary>
    /// A slice of every entry's comments in key order (entry, then id): up to
    /// <paramref name="limit"/> comments after <paramref name="after"/> (the rest of that entry's
    /// partition, then the entries after it), or from the first when none; with whether the slice
    /// reached the last comment. Only the <paramref name="select"/>ed columns are read.
    /// </summary>
    public async Task<(List<CommentEntity> Comments, bool ReachedEnd)> ListSliceAsync(
        (string EntryId, string RowKey)? after, int limit, IEnumerable<string> select, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var comments = new List<CommentEntity>(limit);
        if (after is { } rest
            && !await KeyRange.ReadUpToAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {rest.EntryId} and RowKey gt {rest.RowKey} and RowKey lt {CommentKeys.CommentRangeEnd}"), comments, limit, select, cancellationToken))
        {
            return (comments, false);
        }

        var later = after is { } from
            ? TableClient.CreateQueryFilter($"PartitionKey gt {from.EntryId} and RowKey gt {CommentKeys.CommentPrefix} and RowKey lt {CommentKeys.CommentRangeEnd}")
            : TableClient.CreateQueryFilter($"RowKey gt {CommentKeys.CommentPrefix} and RowKey lt {CommentKeys.CommentRangeEnd}");
        return (comments, await KeyRange.ReadUpToAsync(table, later, comments, limit, select, cancellationToken));
    }

    /// <summary>The <paramref name="select"/>ed columns of one comment, or null when it is gone.</summary>
    public async Task<CommentEntity?> GetColumnsAsync(string entryId, string commentId, IEnumerable<string> select, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<CommentEntity>(entryId, CommentKeys.Comment(commentId), select, cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Writes an entry's comments as a backup had them, with their public rows, guards and count, 100 rows per transaction.</summary>
    public async Task RestoreAsync(string entryId, IReadOnlyList<CommentEntity> comments, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var rows = new List<ITableEntity>();
        foreach (var comment in comments)
        {
            rows.Add(comment);
            rows.Add(DuplicateGuard(comment));
            if (comment.CurrentStatus == CommentStatus.Approved)
            {
                rows.Add(comment.ToPublishedRow());
            }
        }

        foreach (var chunk in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken);
        }

    }

    /// <summary>Whether any entry has a comment.</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey gt {CommentKeys.CommentPrefix} and RowKey lt {CommentKeys.CommentRangeEnd}"), maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return false;
        }

        return true;
    }

    private static MarkerEntity DuplicateGuard(CommentEntity comment) => new()
    {
        PartitionKey = comment.PartitionKey,
        RowKey = CommentKeys.DuplicatePrefix + comment.DuplicateKey,
        CommentId = comment.Id,
        EntryId = comment.EntryId,
    };

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Comments, cancellationToken);
}
