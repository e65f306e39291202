using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;

namespace Hub.Core.Comments;

/// <summary>What a comment and its queue row, read side by side, say about the filing.</summary>
internal enum Filed
{
    /// <summary>The row is the comment as it is now.</summary>
    Right,

    /// <summary>Changed too lately to judge: its follow-up may still be filing it.</summary>
    Settling,

    /// <summary>The comment has no row under its status.</summary>
    Missing,

    /// <summary>The row shows an older version of the comment.</summary>
    Stale,

    /// <summary>The row shows another title than its entry's.</summary>
    Retitled,

    /// <summary>The row is under another status than the comment's.</summary>
    WrongTab,

    /// <summary>The row's comment is gone.</summary>
    Orphan,
}

/// <summary>
/// The check's judgement of one comment and one queue row (<see cref="ModerationCheck"/>): a pure
/// function of what was read, so each case is a row of a table test. Changes younger than
/// <see cref="ModerationCheck.Settling"/> are their follow-up's, and so is an entry's title for as
/// long after the entry was saved.
/// </summary>
internal static class QueueDrift
{
    /// <summary>A comment and the row its key says it has under its status (null when there is none).</summary>
    public static Filed OfComment(CommentEntity comment, QueueEntity? row, EntryTitle entry, DateTimeOffset settled)
    {
        if (comment.StatusChangedAt >= settled)
        {
            return Filed.Settling;
        }

        if (row is null)
        {
            return Filed.Missing;
        }

        return Compare(comment, row, entry, settled);
    }

    /// <summary>A row of tab <paramref name="tab"/> and its comment (null when it is gone).</summary>
    public static Filed OfRow(QueueEntity row, CommentStatus tab, CommentEntity? comment, EntryTitle entry, DateTimeOffset settled)
    {
        if (comment is null)
        {
            // When a comment was deleted is not known any more; its row's age stands in for it.
            return row.CreatedAt < settled ? Filed.Orphan : Filed.Settling;
        }

        if (comment.StatusChangedAt >= settled)
        {
            return Filed.Settling;
        }

        if (comment.CurrentStatus != tab)
        {
            return Filed.WrongTab;
        }

        return Compare(comment, row, entry, settled);
    }

    private static Filed Compare(CommentEntity comment, QueueEntity row, EntryTitle entry, DateTimeOffset settled)
    {
        if (row.Version != comment.Version)
        {
            return Filed.Stale;
        }

        return row.EntryTitle == entry.Title || entry.SavedAt >= settled ? Filed.Right : Filed.Retitled;
    }
}

/// <summary>An entry's title as queue rows show it (null for an entry that is gone), and when the entry was last saved.</summary>
internal sealed record EntryTitle(string? Title, DateTimeOffset SavedAt)
{
    public static readonly EntryTitle Gone = new(null, DateTimeOffset.MinValue);
}
