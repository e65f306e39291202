using Hub.Core.Comments.ModerationTable;

namespace Hub.Core.Comments.CommentsTable;

/// <summary>
/// The Comments table: one partition per entry (PartitionKey = entry id) holding
/// <c>c|{id}</c>, the comment itself with its status and personal data;
/// <c>p|{id}</c>, the public copy, present exactly while the comment is approved;
/// <c>dup|{hash}</c>, the duplicate guard; and <c>follow-up|{id}</c>, the record of what follows a
/// change not yet finished (see <see cref="FollowUps.FollowUpKeys"/>).
/// A status change rewrites these rows in one entity group transaction, so the public list
/// (a range query over <c>p|</c>) can never show an unapproved comment, even after a crash.
/// </summary>
internal static class CommentKeys
{
    public const string CommentPrefix = "c|";
    public const string CommentRangeEnd = "c}";
    public const string PublicPrefix = "p|";
    public const string PublicRangeEnd = "p}";
    public const string DuplicatePrefix = "dup|";

    public static string Comment(string commentId) => CommentPrefix + commentId;

    public static string Public(string commentId) => PublicPrefix + commentId;

    public static bool IsPublic(string rowKey) => rowKey.StartsWith(PublicPrefix, StringComparison.Ordinal) && CommentId.IsValid(rowKey[PublicPrefix.Length..]);
}
