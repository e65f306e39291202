using Hub.Core.Comments.CommentsTable;
using Hub.Core.Storage;

namespace Hub.Core.Comments.ModerationTable;

/// <summary>A queue row: the comment as moderators see it, so a page of the queue is one read.</summary>
internal sealed class QueueEntity : RowEntity
{
    public string EntryId { get; set; } = "";
    public string? EntryTitle { get; set; }
    public string CommentId { get; set; } = "";
    public string? ParentId { get; set; }
    public string AuthorName { get; set; } = "";
    public string AuthorEmail { get; set; } = "";
    public string? AuthorUrl { get; set; }
    public string Content { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string Status { get; set; } = "";
    public string? PreviousStatus { get; set; }
    public string HeldBecause { get; set; } = "";
    public string Version { get; set; } = "";
    public string? SignedInWith { get; set; }
    public string? IdentityKey { get; set; }

    public static QueueEntity Of(CommentEntity comment, string? entryTitle) => new()
    {
        PartitionKey = ModerationKeys.Partition,
        RowKey = ModerationKeys.QueueRow(comment.CurrentStatus, comment.CreatedAt, comment.EntryId, comment.Id),
        EntryId = comment.EntryId,
        EntryTitle = entryTitle,
        CommentId = comment.Id,
        ParentId = comment.ParentId,
        AuthorName = comment.AuthorName,
        AuthorEmail = comment.AuthorEmail,
        AuthorUrl = comment.AuthorUrl,
        Content = comment.Content,
        CreatedAt = comment.CreatedAt,
        Status = comment.Status,
        PreviousStatus = comment.PreviousStatus,
        HeldBecause = comment.HeldBecause,
        Version = comment.Version,
        SignedInWith = comment.SignedInWith,
        IdentityKey = comment.IdentityKey,
    };

    public ModeratedComment ToModerated() => new(
        EntryId, EntryTitle, CommentId, ParentId, AuthorName, AuthorEmail, AuthorUrl, Content, CreatedAt,
        Status, PreviousStatus, HeldBecause, CommentVersion.Tag(Version), SignedInWith, IdentityKey);
}

/// <summary>One comment in its author's index: enough to tell a known author without reading the comment.</summary>
internal sealed class AuthorEntity : RowEntity
{
    public string EntryId { get; set; } = "";
    public string CommentId { get; set; } = "";
    public string AuthorName { get; set; } = "";
    public string Status { get; set; } = "";

    public static AuthorEntity Of(CommentEntity comment) => new()
    {
        PartitionKey = ModerationKeys.Partition,
        RowKey = ModerationKeys.AuthorComment(comment.AuthorKey!, comment.EntryId, comment.Id),
        EntryId = comment.EntryId,
        CommentId = comment.Id,
        AuthorName = comment.AuthorName,
        Status = comment.Status,
    };
}
