namespace Hub.Core.Comments;

/// <summary>A comment's place in moderation; only <see cref="Approved"/> is ever public.</summary>
public enum CommentStatus
{
    Pending,
    Approved,
    Spam,
    Trash,
}

public static class CommentStatuses
{
    public const string Allowed = "pending, approved, spam or trash";

    public static string ToApi(this CommentStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out CommentStatus status)
    {
        status = default;
        return value is "pending" or "approved" or "spam" or "trash" && Enum.TryParse(value, ignoreCase: true, out status);
    }
}
