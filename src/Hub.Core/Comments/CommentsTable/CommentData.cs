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
/// transaction carries the record of its follow-up (through <see cref="FollowUpOutbox"/>), and only
/// the follow-up (<see cref="CommentFiling"/>) writes the moderation rows derived from it. One
/// instance per process, so the count rows it remembers serve every workflow.
/// </summary>
public sealed class CommentData
{
    private readonly ModerationPartition _moderation;
    private readonly FollowUpOutbox _outbox;
    private readonly HubTables _tables;

    public CommentData(HubTables tables, FollowUpOutbox outbox)
    {
        _tables = tables;
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

    /// <summary>
    /// What follows a change to <paramref name="comment"/>, as the change knows it (read before the
    /// change): its audit row, its filing, and whether the approved comments change.
    /// </summary>
    /// <param name="from">Its status before the change (null for a post).</param>
    /// <param name="to">Its status after it (null for a deletion).</param>
    internal static CommentChanged FollowUp(CommentEntity comment, AuditEvent audit, string? entryTitle, CommentStatus? from, CommentStatus? to, bool notify = false)
        => new(audit, comment.EntryId, comment.Id, comment.CreatedAt, comment.AuthorKey, entryTitle, notify,
            Public: (from == CommentStatus.Approved) != (to == CommentStatus.Approved));

    /// <summary>
    /// Posts a comment: its follow-up opened (its safety message), the flood claims (one
    /// transaction of the Moderation partition, the author's row naming the post's follow-up: see
    /// <see cref="UnfiledPosts"/>), then the comment with its record (one transaction of its
    /// entry's partition). Nothing a moderator reads is written here: the follow-up files it, so a
    /// crash can never leave a queue row for a comment that was not stored.
    /// </summary>
    /// <param name="author">What the post read of its author (null for a comment without an author key).</param>
    internal async Task<PostOutcome> PostAsync(
        CommentEntity comment, IReadOnlyList<TableTransactionAction> floodClaims, AuthorRecord? author, CommentChanged followUp, CancellationToken cancellationToken)
    {
        await using var write = await OpenAsync(comment, cancellationToken);
        var claims = await NamingTheFollowUpAsync(floodClaims, comment, author, write.Address, cancellationToken);
        try
        {
            if (claims.Count > 0)
            {
                await _moderation.SubmitAsync(claims, cancellationToken);
            }
        }
        catch (TableTransactionFailedException failure) when (failure.Status is 409 or 412 && failure.FailedTransactionActionIndex < claims.Count)
        {
            return PostOutcome.TooSoon;
        }

        return await CommentStore.CreateAsync(comment, write, followUp, cancellationToken) ? PostOutcome.Posted : PostOutcome.Duplicate;
    }

    /// <summary>
    /// The flood claims with the author's row (claimed now if the flood check did not: its interval
    /// is 0) listing the author's posts still unfiled, this one with them. A listed post the index
    /// does not hold is kept while its record is there (one point read each; usually there is none).
    /// </summary>
    private async Task<List<TableTransactionAction>> NamingTheFollowUpAsync(
        IReadOnlyList<TableTransactionAction> floodClaims, CommentEntity comment, AuthorRecord? author, FollowUpAddress followUp, CancellationToken cancellationToken)
    {
        var claims = floodClaims.ToList();
        if (comment.AuthorKey is not { } authorKey || author is null)
        {
            return claims;
        }

        var rowKey = ModerationKeys.Author(authorKey);
        var index = claims.FindIndex(claim => claim.Entity.RowKey == rowKey);
        if (index < 0)
        {
            var claim = new TableEntity(ModerationKeys.Partition, rowKey) { [FloodClaims.At] = comment.CreatedAt };
            claims.Add(author.LastPost is null
                ? new TableTransactionAction(TableTransactionActionType.Add, claim)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, claim, author.LastPost.ETag));
            index = claims.Count - 1;
        }

        var earlier = UnfiledPosts.Of(author);
        var table = earlier.Count == 0 ? null : await _tables.GetAsync(HubTables.Comments, cancellationToken);
        var kept = new List<UnfiledPost>();
        foreach (var post in earlier)
        {
            if ((await table!.GetEntityIfExistsAsync<TableEntity>(post.EntryId, post.FollowUp.RecordKey, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue)
            {
                kept.Add(post);
            }
        }

        UnfiledPosts.Write((TableEntity)claims[index].Entity, [.. kept, new UnfiledPost(comment.EntryId, comment.Id, followUp.Id)]);
        return claims;
    }

    /// <summary>
    /// Moves a comment to another status: the comment, its public row, and the record of its
    /// follow-up in one transaction, through the outbox; false (and nothing changed) when the
    /// comment changed since it was read.
    /// </summary>
    internal async Task<bool> ChangeStatusAsync(CommentEntity comment, CommentStatus next, CommentChanged followUp, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var write = await OpenAsync(comment, cancellationToken);
        return await CommentStore.ChangeStatusAsync(comment, next, now, write, followUp, cancellationToken);
    }

    /// <summary>Deletes a comment with every row that stands for it and the record of its follow-up; false when it changed since it was read.</summary>
    internal async Task<bool> DeleteAsync(CommentEntity comment, CommentChanged followUp, CancellationToken cancellationToken)
    {
        await using var write = await OpenAsync(comment, cancellationToken);
        return await CommentStore.DeleteAsync(comment, write, followUp, cancellationToken);
    }

    private Task<OutboxWrite> OpenAsync(CommentEntity comment, CancellationToken cancellationToken)
        => _outbox.OpenAsync(HubTables.Comments, comment.EntryId, cancellationToken);

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
    /// every row derived from them (see <see cref="PurgeAsync"/>). Comments made after (the id used
    /// again) stay. Returns how many it removed.
    /// </summary>
    public async Task<int> PurgeEntryAsync(string entryId, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var comment in (await Store.ListAllAsync(entryId, cancellationToken)).Where(comment => comment.CreatedAt < before))
        {
            removed += await PurgeAsync(comment, cancellationToken) ? 1 : 0;
        }

        return removed;
    }

    /// <summary>Removes one comment of an entry that is gone, with every row derived from it, whether or not the comment is still there (see <see cref="PurgeAsync"/>).</summary>
    internal async Task PurgeCommentAsync(FiledComment target, CancellationToken cancellationToken)
        => await PurgeAsync(target, await Store.GetAsync(target.EntryId, target.CommentId, cancellationToken), cancellationToken);

    private Task<bool> PurgeAsync(CommentEntity comment, CancellationToken cancellationToken)
        => PurgeAsync(new FiledComment(comment.EntryId, comment.Id, comment.CreatedAt, comment.AuthorKey), comment, cancellationToken);

    /// <summary>
    /// Files a comment as gone, deletes it, and files it as gone again. A follow-up does this (for
    /// an entry deleted), so no record of its own goes with it. The first filing means a crash
    /// before the delete leaves a comment the next run finds again; the second removes what the
    /// comment's own follow-up, running at the same moment, filed between the two (it saw the
    /// comment before the delete, and looked again before it).
    /// </summary>
    private async Task<bool> PurgeAsync(FiledComment target, CommentEntity? comment, CancellationToken cancellationToken)
    {
        await Filing.FileAsync(target, null, [], notify: false, gone: true, cancellationToken);
        var removed = comment is not null && await Store.PurgeAsync(comment, cancellationToken);
        await Filing.FileAsync(target, null, [], notify: false, gone: true, cancellationToken);
        return removed;
    }
}
