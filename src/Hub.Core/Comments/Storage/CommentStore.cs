using Azure;
using Azure.Data.Tables;
using Hub.Core.Paging;
using Hub.Core.Storage;

namespace Hub.Core.Comments.Storage;

/// <summary>The Comments table: every write to one entry's comments is one atomic transaction (see <see cref="CommentKeys"/>).</summary>
internal sealed class CommentStore(HubTables tables)
{
    private const int MaxCountRetries = 8;

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

    public async Task<int> CountApprovedAsync(string entryId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<CommentCountEntity>(entryId, CommentKeys.Count, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.Approved : 0;
    }

    /// <summary>Whether the same author already posted the same text on this entry (see <see cref="CommentEntity.DuplicateKey"/>).</summary>
    public async Task<bool> IsDuplicateAsync(string entryId, string duplicateKey, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var guard = await table.GetEntityIfExistsAsync<TableEntity>(entryId, CommentKeys.DuplicatePrefix + duplicateKey, cancellationToken: cancellationToken);
        return guard.HasValue;
    }

    /// <summary>Stores a new comment; false when the same email already posted the same text on this entry.</summary>
    public async Task<bool> CreateAsync(CommentEntity comment, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
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
            var responses = await SubmitAsync(table, comment.PartitionKey, actions, approved ? 1 : 0, cancellationToken);
            comment.ETag = responses[0].Headers.ETag ?? default;
            return true;
        }
        catch (TableTransactionFailedException failure) when (failure.Status == 409 && failure.FailedTransactionActionIndex == 1)
        {
            return false;
        }
    }

    /// <summary>Moves a comment to another status; null when it changed since <paramref name="current"/> was read.</summary>
    public async Task<ETag?> ChangeStatusAsync(CommentEntity current, CommentStatus next, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var previous = current.CurrentStatus;
        var etag = current.ETag;
        current.PreviousStatus = current.Status;
        current.Status = next.ToApi();
        current.StatusChangedAt = now;

        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, current, etag) };
        var countChange = 0;
        if (next == CommentStatus.Approved && previous != CommentStatus.Approved)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, current.ToPublishedRow()));
            countChange = 1;
        }
        else if (previous == CommentStatus.Approved && next != CommentStatus.Approved)
        {
            actions.Add(new(TableTransactionActionType.Delete, current.ToPublishedRow(), ETag.All));
            countChange = -1;
        }

        try
        {
            var responses = await SubmitAsync(table, current.PartitionKey, actions, countChange, cancellationToken);
            current.ETag = responses[0].Headers.ETag ?? default;
            return current.ETag;
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 412 or 404 && failure.FailedTransactionActionIndex == 0)
        {
            return null;
        }
    }

    /// <summary>Removes a comment and every row that stands for it; false when it changed since it was read.</summary>
    public async Task<bool> DeleteAsync(CommentEntity current, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Delete, current, current.ETag),
            new(TableTransactionActionType.Delete, DuplicateGuard(current), ETag.All),
        };
        var approved = current.CurrentStatus == CommentStatus.Approved;
        if (approved)
        {
            actions.Add(new(TableTransactionActionType.Delete, current.ToPublishedRow(), ETag.All));
        }

        try
        {
            await SubmitAsync(table, current.PartitionKey, actions, approved ? -1 : 0, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 412 or 404 && failure.FailedTransactionActionIndex == 0)
        {
            return false;
        }
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

    /// <summary>Removes every row of an entry's comments (its partition), 100 per transaction; returns how many comments.</summary>
    public async Task<int> DeleteEntryAsync(string entryId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {entryId}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        foreach (var chunk in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All)), cancellationToken);
        }

        return rows.Count(row => row.RowKey.StartsWith(CommentKeys.CommentPrefix, StringComparison.Ordinal));
    }

    /// <summary>
    /// Submits the actions together with the entry's approved-comment count, changed by
    /// <paramref name="countChange"/>. The count row carries its ETag, so two changes racing on
    /// one entry retry instead of losing an increment.
    /// </summary>
    private static async Task<IReadOnlyList<Response>> SubmitAsync(
        TableClient table, string entryId, List<TableTransactionAction> actions, int countChange, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var all = new List<TableTransactionAction>(actions);
            if (countChange != 0)
            {
                var existing = await table.GetEntityIfExistsAsync<CommentCountEntity>(entryId, CommentKeys.Count, cancellationToken: cancellationToken);
                var count = existing.HasValue ? existing.Value! : new CommentCountEntity { PartitionKey = entryId, RowKey = CommentKeys.Count };
                count.Approved = Math.Max(0, count.Approved + countChange);
                all.Add(existing.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, count, count.ETag)
                    : new(TableTransactionActionType.Add, count));
            }

            try
            {
                return (await table.SubmitTransactionAsync(all, cancellationToken)).Value;
            }
            catch (TableTransactionFailedException failure)
                when (countChange != 0 && failure.FailedTransactionActionIndex == all.Count - 1 && failure.Status is 409 or 412)
            {
                // Another change to this entry's comments moved the count first: read it again,
                // after a short random pause so that racing writers spread out.
                if (attempt == MaxCountRetries)
                {
                    throw new StorageBusyException($"The comment count of {entryId} kept changing under {MaxCountRetries} attempts.", failure);
                }

                await Task.Delay(Random.Shared.Next(5, 25 * (attempt + 1)), cancellationToken);
            }
        }
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
