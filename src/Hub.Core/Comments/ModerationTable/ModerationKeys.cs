using System.Globalization;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Storage;

namespace Hub.Core.Comments.ModerationTable;

/// <summary>
/// The Moderation table: one partition holding what moderators read and what a post must check,
/// so that a post or a status change writes all of it in one entity group transaction:
/// <list type="bullet">
/// <item><c>q|{status}|{position}</c>: the queue, the comment as moderators see it (with its entry's title);
/// the position is <c>{newest-first time}|{entry}|{comment}</c>, so a tab is one range query;</item>
/// <item><c>tabs|{shard}</c>: how many comments each tab holds, in a few shards (see <see cref="QueueTally"/>);</item>
/// <item><c>who|{email key}</c>: when that email last posted (the flood check), with its posts the
/// index below may not hold yet, each with its follow-up (<see cref="UnfiledPosts"/>), and
/// <c>who|{email key}|{entry}|{comment}</c>: each comment it wrote, with its status (known authors,
/// personal-data requests): one range query answers both;</item>
/// <item><c>from|{address key}</c>: when that client address last posted;</item>
/// <item><c>audit|{newest-first time}{random}</c>: the audit log;</item>
/// <item><c>notice|{time}|{entry}|{comment}</c>: held comments the moderators are still to be told of, oldest
/// first (written by the post's follow-up, sent by a timer), and <c>notice-status</c>: how sending went.</item>
/// </list>
/// One partition serves about 2,000 rows a second, far beyond a comment hub's moderation.
/// </summary>
internal static class ModerationKeys
{
    public const string Partition = "moderation";
    public const string TallyPrefix = "tabs|";
    public const string TallyEnd = "tabs}";
    public const string AuditPrefix = "audit|";
    public const string AuditEnd = "audit}";
    public const string NoticePrefix = "notice|";
    public const string NoticeEnd = "notice}";
    public const string NoticeStatus = "notice-status";

    public static string QueuePrefix(CommentStatus status) => $"q|{status.ToApi()}|";

    public static string QueueEnd(CommentStatus status) => $"q|{status.ToApi()}}}";

    public static string Position(DateTimeOffset createdAt, string entryId, string commentId) => $"{TimeKeys.Inverted(createdAt)}|{entryId}|{commentId}";

    public static string QueueRow(CommentStatus status, DateTimeOffset createdAt, string entryId, string commentId)
        => QueuePrefix(status) + Position(createdAt, entryId, commentId);

    public static bool IsPosition(string position)
        => position.Split('|') is [{ Length: 19 } time, var entry, var comment] && time.All(char.IsAsciiDigit) && entry.Length > 0 && CommentId.IsValid(comment);

    public static string TallyShard(int shard) => TallyPrefix + shard.ToString(CultureInfo.InvariantCulture);

    public static string Notice(DateTimeOffset createdAt, string entryId, string commentId)
        => $"{NoticePrefix}{createdAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{entryId}|{commentId}";

    public static string Author(string emailKey) => "who|" + emailKey;

    public static string AuthorEnd(string emailKey) => $"who|{emailKey}}}";

    public static string AuthorComment(string emailKey, string entryId, string commentId) => $"who|{emailKey}|{entryId}|{commentId}";

    public static string Address(string addressKey) => "from|" + addressKey;
}
