using System.Text.Json.Serialization;

namespace Hub.Functions.Comments;

/// <summary>The answer to a held comment (also given for spam and trash, so bots learn nothing).</summary>
public sealed record HeldReceipt(string Id, string Status, string WithdrawToken, string Html);

/// <summary>The answer to a comment the rules approved at once.</summary>
public sealed record ApprovedReceipt(
    string Id, string? ParentId, string AuthorName, string? AuthorUrl, string Content, DateTimeOffset CreatedAt, string Status, string WithdrawToken, string Html);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StatusChange(string? Status);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BulkItem(string? EntryId, string? CommentId, string? Etag);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BulkStatusChange(string? Status, IReadOnlyList<BulkItem?>? Comments);

public sealed record BulkResult(string? EntryId, string? CommentId, int Status, string? Etag, string? Error);

public sealed record BulkResults(IReadOnlyList<BulkResult> Results);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EmailRequest(string? Email);

public sealed record PersonalDataExport(string Email, IReadOnlyList<Hub.Core.Comments.ModeratedComment> Comments);

public sealed record ErasureReport(int Erased);
