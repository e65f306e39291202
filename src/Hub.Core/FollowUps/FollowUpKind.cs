namespace Hub.Core.FollowUps;

/// <summary>What changed, which decides what follows it.</summary>
public enum FollowUpKind
{
    /// <summary>A comment was posted, moved to another status, or deleted (by a moderator, its author or an erasure).</summary>
    Comment,

    /// <summary>An entry was created, replaced or deleted.</summary>
    Entry,

    /// <summary>The discussion rules changed.</summary>
    Rules,

    /// <summary>A moderator was added, given a new secret, or revoked: only an audit row follows.</summary>
    Moderator,
}
