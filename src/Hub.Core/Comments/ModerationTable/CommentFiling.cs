using Azure;
using Azure.Data.Tables;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Notifications;
using Hub.Core.Storage;

namespace Hub.Core.Comments.ModerationTable;

/// <summary>A comment as its follow-up names it: enough to find every row filed for it, even once it is gone.</summary>
internal sealed record FiledComment(string EntryId, string CommentId, DateTimeOffset CreatedAt, string? AuthorKey);

/// <summary>
/// Makes the Moderation partition show one comment as its own row says it is now: exactly one
/// queue row under its status (none once it is gone), the tab counts to match, its author row,
/// and a held-comment notice while it waits (when one was asked for). It compares what is filed
/// with the comment and writes only the difference, in one transaction conditional on every row
/// it read, so running it again, or twice at once, changes nothing more. This is the only code
/// that writes these rows (but for a restore, which rebuilds them whole).
/// </summary>
internal sealed class CommentFiling(ModerationPartition moderation, CommentStore store, QueueTally tally)
{
    private const int MaxAttempts = 8;

    /// <param name="target">The comment.</param>
    /// <param name="entryTitle">Its entry's title, as queue rows show it.</param>
    /// <param name="alongside">Rows upserted in the same transaction (the audit row, under a key of its own, so writing it again changes nothing).</param>
    /// <param name="notify">Tell the moderators, while it is held.</param>
    /// <param name="gone">File it as gone whatever its row says (its entry is being deleted).</param>
    public async Task FileAsync(FiledComment target, string? entryTitle, IReadOnlyList<TableTransactionAction> alongside, bool notify, bool gone, CancellationToken cancellationToken)
    {
        var current = gone ? null : await store.GetAsync(target.EntryId, target.CommentId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var actions = await DifferenceAsync(target, current, entryTitle, notify, cancellationToken);
            actions.AddRange(alongside);
            try
            {
                if (actions.Count > 0)
                {
                    await moderation.SubmitAsync(actions, cancellationToken);
                }

                // The comment may have changed while this ran, and another follow-up that saw the
                // change may have finished before this one wrote: look again, and go on until what
                // was filed matches what the comment is after the filing.
                var after = gone ? null : await store.GetAsync(target.EntryId, target.CommentId, cancellationToken);
                if (after?.Version == current?.Version)
                {
                    return;
                }

                current = after;
            }
            catch (TableTransactionFailedException failure) when (failure.Status is 404 or 409 or 412)
            {
                // Another follow-up changed a row this one read: read again.
                current = gone ? null : await store.GetAsync(target.EntryId, target.CommentId, cancellationToken);
            }

            if (attempt == MaxAttempts)
            {
                throw new StorageBusyException($"The moderation rows of comment {target.EntryId}/{target.CommentId} kept changing under {MaxAttempts} attempts.");
            }
        }
    }

    private async Task<List<TableTransactionAction>> DifferenceAsync(FiledComment target, CommentEntity? current, string? entryTitle, bool notify, CancellationToken cancellationToken)
    {
        var authorKey = current?.AuthorKey ?? target.AuthorKey;
        var queued = Task.WhenAll(Enum.GetValues<CommentStatus>().Select(async status =>
            (Status: status, Row: await moderation.GetRowAsync<QueueEntity>(ModerationKeys.QueueRow(status, target.CreatedAt, target.EntryId, target.CommentId), cancellationToken))));
        var author = authorKey is null
            ? Task.FromResult<AuthorEntity?>(null)
            : moderation.GetRowAsync<AuthorEntity>(ModerationKeys.AuthorComment(authorKey, target.EntryId, target.CommentId), cancellationToken);
        var notice = moderation.GetRowAsync<TableEntity>(ModerationKeys.Notice(target.CreatedAt, target.EntryId, target.CommentId), cancellationToken);
        var shard = tally.ReadShardAsync(QueueTally.ShardOf(target.CommentId), cancellationToken);
        await Task.WhenAll(queued, author, notice, shard);

        var actions = new List<TableTransactionAction>();
        var changes = new List<(CommentStatus, int)>();
        var filed = current is null ? null : QueueEntity.Of(current, entryTitle);
        foreach (var (status, row) in await queued)
        {
            if (row is null)
            {
                continue;
            }

            if (filed is not null && current!.CurrentStatus == status)
            {
                if (row.Version != filed.Version || row.EntryTitle != filed.EntryTitle)
                {
                    actions.Add(new(TableTransactionActionType.UpdateReplace, filed, row.ETag));
                }
            }
            else
            {
                actions.Add(ModerationPartition.Delete(row.RowKey, row.ETag));
                changes.Add((status, -1));
            }
        }

        if (filed is not null && (await queued).Single(found => found.Status == current!.CurrentStatus).Row is null)
        {
            actions.Add(new(TableTransactionActionType.Add, filed));
            changes.Add((current!.CurrentStatus, 1));
        }

        if (changes.Count > 0)
        {
            actions.Add(QueueTally.Change(await shard, changes));
        }

        var authorRow = await author;
        if (current is { AuthorKey: not null })
        {
            var wanted = AuthorEntity.Of(current);
            if (authorRow is null || authorRow.Status != wanted.Status || authorRow.AuthorName != wanted.AuthorName)
            {
                actions.Add(new(TableTransactionActionType.UpsertReplace, wanted));
            }
        }
        else if (authorRow is not null)
        {
            actions.Add(ModerationPartition.Delete(authorRow.RowKey, authorRow.ETag));
        }

        var noticeRow = await notice;
        var held = current?.CurrentStatus == CommentStatus.Pending;
        if (held && notify && noticeRow is null)
        {
            actions.Add(HeldNotice.For(current!, entryTitle));
        }
        else if (!held && noticeRow is not null)
        {
            // Moderated before the moderators were told: there is nothing to tell any more.
            actions.Add(ModerationPartition.Delete(noticeRow.RowKey, noticeRow.ETag));
        }

        return actions;
    }
}
