using System.Text.Json.Serialization;
using Hub.Core.Audit;
using Hub.Core.Publishing;

namespace Hub.Core.FollowUps;

/// <summary>
/// What must follow one committed change, typed by what changed; kept as JSON in the change's own
/// <see cref="FollowUpRecord"/> (a discriminator names the kind, as eShop's integration event log
/// keeps its events). The workflow that makes the change builds it with what it already knows, so
/// the follow-up does not read back what the write knew. Every kind leads to its audit row.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CommentChanged), "comment")]
[JsonDerivedType(typeof(EntryChanged), "entry")]
[JsonDerivedType(typeof(RulesChanged), "rules")]
[JsonDerivedType(typeof(ModeratorChanged), "moderator")]
public abstract record FollowUp(AuditEvent Audit);

/// <summary>
/// A comment was posted, moved to another status, or deleted (by a moderator, its author, an
/// erasure or an import): its filing in the moderation partition follows, and, when the change
/// was public (it left or joined the approved comments), the entry's count and page.
/// </summary>
/// <param name="CommentCreatedAt">With the ids, names every row filed for it, even once it is gone.</param>
/// <param name="AuthorKey">Its author's key (a keyed hash, never an address), to find its author row once it is gone.</param>
/// <param name="EntryTitle">The entry's title as the queue shows it.</param>
/// <param name="Notify">Tell the moderators this held comment is waiting (while it still is).</param>
/// <param name="Public">The change moved the comment into or out of the approved ones.</param>
public sealed record CommentChanged(
    AuditEvent Audit, string EntryId, string CommentId, DateTimeOffset CommentCreatedAt, string? AuthorKey, string? EntryTitle, bool Notify, bool Public)
    : FollowUp(Audit);

/// <summary>An entry was created (<paramref name="Before"/> null), replaced, or deleted (<paramref name="After"/> null): its pages, and for a deletion its discussion.</summary>
public sealed record EntryChanged(AuditEvent Audit, string EntryId, EntryListing? Before, EntryListing? After) : FollowUp(Audit);

/// <summary>The discussion rules changed: every entry page again (their forms, open or closed).</summary>
public sealed record RulesChanged(AuditEvent Audit) : FollowUp(Audit);

/// <summary>A moderator was added, given a new secret, or revoked: only the audit row follows.</summary>
public sealed record ModeratorChanged(AuditEvent Audit) : FollowUp(Audit);
