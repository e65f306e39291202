using Azure;
using Azure.Data.Tables;
using Hub.Core.Audit;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.FollowUps;
using Hub.Core.Storage;

namespace Hub.Core.Comments.CommentsTable;

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
/// the Moderation table's one partition), and how every workflow writes them: the comment's own
/// transaction carries the record of its follow-up (see <see cref="FollowUpOutbox"/>), and only
/// the follow-up (<see cref="CommentFiling"/>) writes the moderation rows derived from it. One
/// instance per process, so the count rows it remembers serve every workflow.
/// </summary>
public sealed class CommentData
{
    private readonly ModerationPartition _moderation;
    private readonly FollowUpOutbox _outbox;

    public CommentData(HubTables tables, FollowUpOutbox outbox)
    {
        _moderation = new ModerationPartition(tables);
        _outbox = outbox;
        Store = new CommentStore(tables);
        Queue = new ModerationQueue(_moderation);
        Authors = new AuthorIndex(_moderation);
        Filing = new CommentFiling(_moderation, Store, Queue.Tally);
    }

    internal CommentStore Store { get; }

    internal ModerationQueue Queue { get; }

    internal AuthorIndex Authors { get; }

    internal CommentFiling Filing { get; }

    /// <summary>When this address and this author last posted, and the author's comments: two reads at once.</summary>
    internal async Task<(TableEntity? AddressLastPost, AuthorRecord? Author)> ReadPosterAsync(string addressKey, string? authorKey, CancellationToken cancellationToken)
    {
        var address = _moderation.GetRowAsync<TableEntity>(ModerationKeys.Address(addressKey), cancellationToken);
        var author = authorKey is null ? null : Authors.ReadAsync(authorKey, cancellationToken);
        return (await address, author is null ? null : await author);
    }

    /// <summary>The record of what follows a change to <paramref name="comment"/>, with the audit row it leads to.</summary>
    internal FollowUpRecord FollowUp(CommentEntity comment, AuditEvent audit, bool notify = false)
    {
        var record = _outbox.New(HubTables.Comments, comment.EntryId, FollowUpKind.Comment, audit);
        record.EntryId = comment.EntryId;
        record.CommentId = comment.Id;
        record.CommentCreatedAt = comment.CreatedAt;
        record.AuthorKey = comment.AuthorKey;
        record.Notify = notify;
        return record;
    }

    /// <summary>
    /// Posts a comment: the flood claims with the follow-up's open row (one transaction of the
    /// Moderation partition), then the comment with its record (one transaction of its entry's
    /// partition). Nothing a moderator reads is written here: the follow-up files it, so a crash
    /// can never leave a queue row for a comment that was not stored.
    /// </summary>
    internal async Task<PostOutcome> PostAsync(
        CommentEntity comment, IReadOnlyList<TableTransactionAction> floodClaims, FollowUpRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await _moderation.SubmitAsync([.. floodClaims, FollowUpOutbox.Opening(record)], cancellationToken);
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 409 or 412 && failure.FailedTransactionActionIndex < floodClaims.Count)
        {
            return PostOutcome.TooSoon;
        }

        if (await _outbox.CommitAsync(record, () => Store.CreateAsync(comment, record, cancellationToken), committed: true))
        {
            return PostOutcome.Posted;
        }

        await _outbox.AbandonAsync(record, cancellationToken);
        return PostOutcome.Duplicate;
    }

    /// <summary>
    /// Moves a comment to another status: the follow-up opened, then the comment, its public row,
    /// and the record in one transaction; false (and nothing changed) when the comment changed
    /// since it was read.
    /// </summary>
    internal Task<bool> ChangeStatusAsync(CommentEntity comment, CommentStatus next, FollowUpRecord record, DateTimeOffset now, CancellationToken cancellationToken)
        => OpenAndCommitAsync(record, () => Store.ChangeStatusAsync(comment, next, now, record, cancellationToken), cancellationToken);

    /// <summary>Deletes a comment with every row that stands for it and the record of its follow-up; false when it changed since it was read.</summary>
    internal Task<bool> DeleteAsync(CommentEntity comment, FollowUpRecord record, CancellationToken cancellationToken)
        => OpenAndCommitAsync(record, () => Store.DeleteAsync(comment, record, cancellationToken), cancellationToken);

    /// <summary>Opens the follow-up, commits the change carrying its record, and closes it again when the change was refused.</summary>
    private async Task<bool> OpenAndCommitAsync(FollowUpRecord record, Func<Task<bool>> commit, CancellationToken cancellationToken)
    {
        await _outbox.OpenAsync(record, cancellationToken);
        var committed = await _outbox.CommitAsync(record, commit, committed: true);
        if (!committed)
        {
            await _outbox.AbandonAsync(record, cancellationToken);
        }

        return committed;
    }

    /// <summary>Asks for the follow-up of a committed change (never fails it).</summary>
    internal Task DispatchAsync(FollowUpRecord record) => _outbox.DispatchAsync(record);

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

        await Queue.Tally.ResetAsync(comments.Select(comment => (comment.Id, comment.CurrentStatus)), asRead: null, cancellationToken);
    }

    /// <summary>
    /// Removes the comments an entry had before <paramref name="before"/> (its deletion), with
    /// every row derived from them: each is filed as gone first, then deleted, so a crash in
    /// between leaves a comment the next run finds again. Comments made after (the id used
    /// again) stay. Returns how many it removed.
    /// </summary>
    public async Task<int> PurgeEntryAsync(string entryId, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var comment in (await Store.ListAllAsync(entryId, cancellationToken)).Where(comment => comment.CreatedAt < before))
        {
            var target = new FiledComment(entryId, comment.Id, comment.CreatedAt, comment.AuthorKey);
            await Filing.FileAsync(target, null, [], notify: false, gone: true, cancellationToken);
            removed += await Store.DeleteAsync(comment, record: null, cancellationToken) ? 1 : 0;
        }

        return removed;
    }
}
