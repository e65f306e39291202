using Azure.Data.Tables;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;

namespace Hub.Core.Notifications;

/// <summary>
/// A held comment the moderators are to be told of: what the message says (never the
/// commenter's email or address), and how sending it has gone.
/// </summary>
internal sealed class HeldNotice : RowEntity
{
    public const int ExcerptLength = 280;

    public string EntryId { get; set; } = "";
    public string EntryTitle { get; set; } = "";
    public string CommentId { get; set; } = "";
    public string AuthorName { get; set; } = "";
    public string Excerpt { get; set; } = "";
    public string HeldBecause { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The row the post's follow-up adds, while the comment is still held.</summary>
    public static TableTransactionAction For(CommentEntity comment, string? entryTitle) => new(TableTransactionActionType.Add, new HeldNotice
    {
        PartitionKey = ModerationKeys.Partition,
        RowKey = ModerationKeys.Notice(comment.CreatedAt, comment.EntryId, comment.Id),
        EntryId = comment.EntryId,
        EntryTitle = entryTitle ?? comment.EntryId,
        CommentId = comment.Id,
        AuthorName = comment.AuthorName,
        Excerpt = comment.Content.Length <= ExcerptLength ? comment.Content : comment.Content[..(ExcerptLength - 1)] + "…",
        HeldBecause = comment.HeldBecause,
        CreatedAt = comment.CreatedAt,
        NextAttemptAt = comment.CreatedAt,
    });
}
