using System.Text.Json.Serialization;
namespace Hub.Core.Comments;

/// <summary>
/// An approved comment as readers get it: never an email or an address. <see cref="Content"/> is
/// the Markdown as written; the API adds <see cref="Html"/>, the same rendering the pages carry
/// (Hub.Site makes it; Core makes no HTML). <see cref="SignedInWith"/> names the provider a
/// signed-in commenter used.
/// </summary>
public sealed record PublicComment(
    string Id,
    string? ParentId,
    string AuthorName,
    string? AuthorUrl,
    string Content,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Html = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SignedInWith = null);

/// <summary>The rules a comment form needs to check input before sending it.</summary>
public sealed record DiscussionInfo(bool Open, bool RequireNameAndEmail, int MaxThreadDepth, int MaxCommentLength);

public sealed record PublicCommentPage(IReadOnlyList<PublicComment> Items, string? NextCursor, DiscussionInfo? Discussion = null);

public sealed record QueueCounts(int Pending, int Approved, int Spam, int Trash);

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
    string Etag,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SignedInWith = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Identity = null);

public sealed record ModerationPage(IReadOnlyList<ModeratedComment> Items, string? NextCursor);
