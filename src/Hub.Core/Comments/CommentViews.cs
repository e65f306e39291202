namespace Hub.Core.Comments;

/// <summary>An approved comment as readers see it: never an email or an address.</summary>
public sealed record PublicComment(string Id, string? ParentId, string AuthorName, string? AuthorUrl, string Content, DateTimeOffset CreatedAt);

public sealed record PublicCommentPage(IReadOnlyList<PublicComment> Items, string? NextCursor);

/// <summary>A comment as moderators see it, with what they need to decide and the ETag to change it.</summary>
public sealed record ModeratedComment(
    string EntryId,
    string? EntryTitle,
    string Id,
    string? ParentId,
    string AuthorName,
    string AuthorEmail,
    string? AuthorUrl,
    string Content,
    DateTimeOffset CreatedAt,
    string Status,
    string? PreviousStatus,
    string HeldBecause,
    string Etag);

public sealed record ModerationPage(IReadOnlyList<ModeratedComment> Items, string? NextCursor);
