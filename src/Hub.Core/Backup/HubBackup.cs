using System.Text.Json.Serialization;
using Hub.Core.Audit;
using Hub.Core.Discussion;
using Hub.Core.Entries;

namespace Hub.Core.Backup;

/// <summary>
/// Everything a hub holds that is not derived from something else, in one file
/// (<c>hub export</c>, <c>hub restore</c>): entries, comments in every status with every field
/// (emails included: the file holds personal data), the discussion rules, the moderators (never
/// their secrets) and the audit log. Derived rows (lists, counts, the moderation queue, the
/// author index) are rebuilt on restore; passing rows (flood checks, idempotency answers) and the
/// hashing salt are left out. Items are in key order, so the same data always makes the same file.
/// </summary>
public sealed record HubBackup(
    string Format,
    int Version,
    IReadOnlyList<BackupEntry> Entries,
    IReadOnlyList<BackupComment> Comments,
    DiscussionSettings Discussion,
    IReadOnlyList<BackupModerator> Moderators,
    IReadOnlyList<BackupAuditEvent> Audit)
{
    public const string FormatName = "hub-backup";
    public const int CurrentVersion = 1;
}

public sealed record BackupEntry(string Id, EntryContent Content, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Revision);

public sealed record BackupComment(
    string EntryId,
    string Id,
    string? ParentId,
    int Depth,
    string AuthorName,
    string AuthorEmail,
    string? AuthorUrl,
    string Content,
    string Status,
    string? PreviousStatus,
    string HeldBecause,
    DateTimeOffset CreatedAt,
    DateTimeOffset StatusChangedAt,
    string ClientHash,
    string TokenHash,
    string Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdentityKey = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SignedInWith = null);

public sealed record BackupModerator(string Name, DateTimeOffset AddedAt);

/// <summary>An audit row with its key, so a restored log keeps its order exactly.</summary>
public sealed record BackupAuditEvent(string Key, AuditEntry Event);
