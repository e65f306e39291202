using Azure;
using Azure.Data.Tables;
using Hub.Core.Storage;

namespace Hub.Core.Comments.Storage;

/// <summary>How a post's writes ended.</summary>
internal enum PostOutcome
{
    Posted,

    /// <summary>Another post from the same client claimed the flood interval first.</summary>
    TooSoon,

    /// <summary>The same author already posted the same text on this entry.</summary>
    Duplicate,
}

/// <summary>
/// The two tables that together hold comments (the Comments table, one partition per entry, and
/// the Moderation table's one partition), and the order every workflow writes them in, which
/// decides what a crash between the two can leave. One instance per process, so the count rows it
/// remembers serve every workflow.
/// </summary>
public sealed class CommentData
{
    private readonly ModerationTable _moderation;
    private readonly TimeProvider _clock;

    public CommentData(HubTables tables, TimeProvider clock)
    {
        _moderation = new ModerationTable(tables);
        _clock = clock;
        Store = new CommentStore(tables);
        Queue = new ModerationQueue(_moderation, clock);
        Authors = new AuthorIndex(_moderation);
    }

    internal CommentStore Store { get; }

    internal ModerationQueue Queue { get; }

    internal AuthorIndex Authors { get; }

    /// <summary>When this address and this email last posted, and the email's comments: two reads at once.</summary>
    internal async Task<(TableEntity? AddressLastPost, AuthorRecord? Author)> ReadPosterAsync(string addressKey, string email, CancellationToken cancellationToken)
    {
        var address = _moderation.GetRowAsync<TableEntity>(ModerationKeys.Address(addressKey), cancellationToken);
        var author = email.Length > 0 ? Authors.ReadAsync(email, cancellationToken) : Task.FromResult<AuthorRecord>(null!);
        await Task.WhenAll(address, author);
        return (await address, email.Length > 0 ? await author : null);
    }

    /// <summary>Takes a comment that does not exist (any more) out of the queue: a row left by a crash.</summary>
    internal Task ClearQueueAsync(string entryId, string commentId, CancellationToken cancellationToken)
        => Queue.SyncAsync(entryId, commentId, CommentId.CreatedAt(commentId), null, null, () => [], _clock.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Posts a comment: the moderation rows first (the flood claims, the queue row, the author's
    /// row and the audit row, in one transaction), then the comment. A crash in between leaves a
    /// queue row for a comment that does not exist, which acting on it or the repair removes;
    /// never a comment moderators cannot see.
    /// </summary>
    /// <param name="alongside">Rows added with the moderation rows (the audit row, a notice for the moderators), and removed with them if the comment turns out a duplicate.</param>
    internal async Task<(PostOutcome Outcome, CommentCommit? Commit)> PostAsync(
        CommentEntity comment, string? entryTitle, IReadOnlyList<TableTransactionAction> floodClaims, IReadOnlyList<TableTransactionAction> alongside, CancellationToken cancellationToken)
    {
        var filed = ModerationQueue.Enqueue(comment, entryTitle, _clock.GetUtcNow()).Concat(AuthorIndex.Record(comment)).Concat(alongside).ToList();
        try
        {
            await _moderation.SubmitAsync([.. floodClaims, .. filed], cancellationToken);
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 409 or 412 && failure.FailedTransactionActionIndex < floodClaims.Count)
        {
            return (PostOutcome.TooSoon, null);
        }

        if (await Store.CreateAsync(comment, cancellationToken) is { } commit)
        {
            return (PostOutcome.Posted, commit);
        }

        // A duplicate: what was filed for it goes again.
        var undo = AuthorIndex.Record(comment).Concat(alongside).Select(added => ModerationTable.Delete(added.Entity.RowKey, ETag.All))
            .Append(ModerationTable.Delete(QueueEntity.Of(comment, null).RowKey, ETag.All))
            .Append(QueueTally.Change(_clock.GetUtcNow(), (comment.CurrentStatus, -1)));
        await _moderation.SubmitAsync(undo, cancellationToken);
        return (PostOutcome.Duplicate, null);
    }

    /// <summary>
    /// Moves a comment to another status: the comment first (one transaction with its public row
    /// and count; null when it changed since it was read), and nothing else. Call <see cref="RefileAsync"/> after.
    /// </summary>
    internal Task<CommentCommit?> ChangeStatusAsync(CommentEntity comment, CommentStatus next, CancellationToken cancellationToken)
        => Store.ChangeStatusAsync(comment, next, _clock.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Files a changed comment under its new status, with its author row and the audit row, in one
    /// transaction; when the queue is not as expected, makes it match the comment as it is now.
    /// </summary>
    internal async Task RefileAsync(CommentEntity comment, CommentStatus previous, string? entryTitle, TableTransactionAction audit, CancellationToken cancellationToken)
    {
        try
        {
            await _moderation.SubmitAsync([.. ModerationQueue.Move(comment, previous, entryTitle, _clock.GetUtcNow()), .. AuthorIndex.Record(comment), audit], cancellationToken);
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 404 or 409 or 412)
        {
            var current = await Store.GetAsync(comment.EntryId, comment.Id, cancellationToken);
            await Queue.SyncAsync(comment.EntryId, comment.Id, comment.CreatedAt, current, entryTitle, () => [audit], _clock.GetUtcNow(), cancellationToken);
        }
    }

    /// <summary>
    /// Deletes a comment (null when it changed since it was read), then its queue and author rows
    /// with the audit row. A crash in between leaves rows pointing at nothing, which the repair removes.
    /// </summary>
    internal async Task<CommentCommit?> DeleteAsync(CommentEntity comment, TableTransactionAction audit, CancellationToken cancellationToken)
    {
        if (await Store.DeleteAsync(comment, cancellationToken) is not { } commit)
        {
            return null;
        }

        var authorRows = comment.AuthorEmail.Length == 0
            ? []
            : new[] { ModerationTable.Delete(AuthorEntity.Of(comment).RowKey, ETag.All) };
        try
        {
            await _moderation.SubmitAsync([.. ModerationQueue.Dequeue(comment, _clock.GetUtcNow()), .. authorRows, audit], cancellationToken);
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 404 or 409 or 412)
        {
            await Queue.SyncAsync(comment.EntryId, comment.Id, comment.CreatedAt, null, null, () => [audit], _clock.GetUtcNow(), cancellationToken);
            await Authors.RemoveAsync(comment, cancellationToken);
        }

        return commit;
    }

    /// <summary>
    /// Files restored comments in the moderation partition (queue and author rows, 100 a
    /// transaction) and sets the tab counts to match.
    /// </summary>
    internal async Task RestoreModerationAsync(IReadOnlyList<CommentEntity> comments, IReadOnlyDictionary<string, string> titles, CancellationToken cancellationToken)
    {
        var rows = comments.SelectMany(comment => AuthorIndex.Record(comment).Prepend(
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, QueueEntity.Of(comment, titles.GetValueOrDefault(comment.EntryId)))));
        foreach (var chunk in rows.Chunk(100))
        {
            await _moderation.SubmitAsync(chunk, cancellationToken);
        }

        var counts = Enum.GetValues<CommentStatus>().ToDictionary(status => status, status => comments.Count(comment => comment.CurrentStatus == status));
        await Queue.Tally.ResetAsync(counts, await Queue.Tally.ChangeKeysAsync(cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Removes every comment an entry had, with every row derived from them. The comments go
    /// first and their moderation rows after: a crash in between leaves only rows that point at
    /// nothing, which the repair removes. Run again, it finishes the work.
    /// </summary>
    public async Task<int> PurgeEntryAsync(string entryId, CancellationToken cancellationToken)
    {
        var comments = await Store.ListAllAsync(entryId, cancellationToken);
        var deleted = await Store.DeleteEntryAsync(entryId, cancellationToken);
        foreach (var chunk in comments.Chunk(49))
        {
            var tally = chunk.GroupBy(comment => comment.CurrentStatus).Select(group => (group.Key, -group.Count())).ToArray();
            var rows = chunk.SelectMany(comment => AuthorIndex.Record(comment).Select(author => ModerationTable.Delete(author.Entity.RowKey, ETag.All))
                .Prepend(ModerationTable.Delete(QueueEntity.Of(comment, null).RowKey, ETag.All)));
            try
            {
                await _moderation.SubmitAsync([.. rows, QueueTally.Change(_clock.GetUtcNow(), tally)], cancellationToken);
            }
            catch (TableTransactionFailedException failure) when (failure.Status is 404)
            {
                foreach (var comment in chunk)
                {
                    await Queue.SyncAsync(entryId, comment.Id, comment.CreatedAt, null, null, () => [], _clock.GetUtcNow(), cancellationToken);
                    await Authors.RemoveAsync(comment, cancellationToken);
                }
            }
        }

        return deleted;
    }
}
