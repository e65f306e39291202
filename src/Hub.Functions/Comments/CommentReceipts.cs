using System.Text.Json.Serialization;

namespace Hub.Functions.Comments;

/// <summary>The answer to a held comment (also given for spam and trash, so bots learn nothing).</summary>
public sealed record HeldReceipt(string Id, string Status, string WithdrawToken, string Html);

/// <summary>The answer to a comment the rules approved at once.</summary>
public sealed record ApprovedReceipt(
    string Id, string? ParentId, string AuthorName, string? AuthorUrl, string Content, DateTimeOffset CreatedAt, string Status, string WithdrawToken, string Html,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SignedInWith);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StatusChange(string? Status);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BulkItem(string? EntryId, string? CommentId, string? Etag);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BulkStatusChange(string? Status, IReadOnlyList<BulkItem?>? Comments);

public sealed record BulkResult(string? EntryId, string? CommentId, int Status, string? Etag, string? Error);

public sealed record BulkResults(IReadOnlyList<BulkResult> Results);

/// <summary>Whose personal data: an email address, or a signed-in commenter's identity (as moderation items carry it).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PersonalDataRequest(string? Email, string? Identity);

public sealed record PersonalDataExport(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Identity,
    IReadOnlyList<Hub.Core.Comments.ModeratedComment> Comments);

public sealed record ErasureReport(int Erased);
