using Hub.Core.Audit;
using Hub.Core.Comments;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Discussion;
using Hub.Core.Entries;
using Hub.Core.Moderators;
using Hub.Core.Search;

namespace Hub.Core.Backup;

/// <summary>
/// Export and restore (see <see cref="HubBackup"/>). A restore into empty storage followed by an
/// export gives back the same file: entries keep their revisions and times, comments their
/// versions, the audit log its keys.
/// </summary>
public sealed class BackupService(
    EntryRepository resources, CommentData comments, SettingsStore settings, ModeratorStore moderators, AuditLog audit, EntrySearch search)
{
    public async Task<HubBackup> ExportAsync(CancellationToken cancellationToken)
    {
        var entries = await resources.ListEntryRowsAsync(cancellationToken);
        var all = await comments.Store.ListEveryAsync(cancellationToken);
        return new HubBackup(
            HubBackup.FormatName,
            HubBackup.CurrentVersion,
            entries.OrderBy(entry => entry.Id, StringComparer.Ordinal).Select(entry => new BackupEntry(entry.Id, entry.ToContent(), entry.CreatedAt, entry.UpdatedAt, entry.Revision)).ToList(),
            all.OrderBy(comment => comment.EntryId, StringComparer.Ordinal).ThenBy(comment => comment.Id, StringComparer.Ordinal).Select(comment => new BackupComment(
                comment.EntryId, comment.Id, comment.ParentId, comment.Depth, comment.AuthorName, comment.AuthorEmail, comment.AuthorUrl, comment.Content,
                comment.Status, comment.PreviousStatus, comment.HeldBecause, comment.CreatedAt, comment.StatusChangedAt, comment.ClientHash, comment.TokenHash, comment.Version, comment.IdentityKey, comment.SignedInWith)).ToList(),
            await settings.GetCurrentDiscussionAsync(cancellationToken),
            (await moderators.ListAsync(cancellationToken)).OrderBy(moderator => moderator.Name, StringComparer.Ordinal).Select(moderator => new BackupModerator(moderator.Name, moderator.AddedAt)).ToList(),
            (await audit.ListEveryAsync(cancellationToken)).Select(row => new BackupAuditEvent(row.Key, row.Entry)).ToList());
    }

    /// <summary>Whether storage holds no entry, comment, moderator or audit row (a restore goes only there, unless forced).</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
        => await resources.IsEmptyAsync(cancellationToken)
           && await comments.Store.IsEmptyAsync(cancellationToken)
           && (await moderators.ListAsync(cancellationToken)).Count == 0
           && (await audit.ListAsync(null, 1, cancellationToken)).Items.Count == 0;

    /// <summary>Writes the backup's rows (over any with the same keys) and rebuilds what is derived from them.</summary>
    public async Task RestoreAsync(HubBackup backup, IProgress<(int Done, string Title)>? progress, CancellationToken cancellationToken)
    {
        var byEntry = backup.Comments.GroupBy(comment => comment.EntryId, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Select(ToEntity).ToList(), StringComparer.Ordinal);
        var done = 0;
        foreach (var entry in backup.Entries)
        {
            var approved = byEntry.GetValueOrDefault(entry.Id)?.Count(comment => comment.CurrentStatus == CommentStatus.Approved) ?? 0;
            await resources.RestoreAsync(EntryEntity.From(entry.Id, entry.Content, entry.CreatedAt, entry.UpdatedAt, entry.Revision, approved), cancellationToken);
            progress?.Report((++done, entry.Content.Title));
        }

        // The entries were written without follow-ups: the search index is made from them at once.
        await search.RebuildAsync(cancellationToken);

        foreach (var (entryId, entryComments) in byEntry)
        {
            await comments.Store.RestoreAsync(entryId, entryComments, cancellationToken);
        }

        var titles = backup.Entries.ToDictionary(entry => entry.Id, entry => entry.Content.Title, StringComparer.Ordinal);
        await comments.RestoreModerationAsync([.. byEntry.Values.SelectMany(list => list)], titles, cancellationToken);
        await settings.ChangeDiscussionAsync(_ => backup.Discussion, "restore", cancellationToken);
        foreach (var moderator in backup.Moderators)
        {
            await moderators.RestoreAsync(moderator.Name, moderator.AddedAt, cancellationToken);
        }

        await audit.RestoreAsync(backup.Audit.Select(row => (row.Key, row.Event)), cancellationToken);
    }

    private static CommentEntity ToEntity(BackupComment comment) => new()
    {
        PartitionKey = comment.EntryId,
        RowKey = CommentKeys.Comment(comment.Id),
        Id = comment.Id,
        EntryId = comment.EntryId,
        ParentId = comment.ParentId,
        Depth = comment.Depth,
        AuthorName = comment.AuthorName,
        AuthorEmail = comment.AuthorEmail,
        AuthorUrl = comment.AuthorUrl,
        Content = comment.Content,
        Status = comment.Status,
        PreviousStatus = comment.PreviousStatus,
        HeldBecause = comment.HeldBecause,
        CreatedAt = comment.CreatedAt,
        StatusChangedAt = comment.StatusChangedAt,
        ClientHash = comment.ClientHash,
        TokenHash = comment.TokenHash,
        DuplicateKey = CommentEntity.DuplicateKeyOf(AuthorKeys.Of(comment.IdentityKey, comment.AuthorEmail), comment.AuthorName, comment.Content),
        Version = comment.Version,
        IdentityKey = comment.IdentityKey,
        SignedInWith = comment.SignedInWith,
    };
}
