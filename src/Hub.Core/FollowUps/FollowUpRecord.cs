using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;
using Hub.Core.Audit;

namespace Hub.Core.FollowUps;

/// <summary>
/// The outbox row: what must follow a change, written in the change's own entity group
/// transaction (the same table and partition), so a committed change always has it. The
/// follow-up reads it, does what it says idempotently, and deletes it.
/// </summary>
public sealed class FollowUpRecord : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>The table the record (and its change) lives in.</summary>
    public string Table { get; set; } = "";

    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTimeOffset At { get; set; }

    // The audit row it leads to (none when Action is empty).
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string? EntryId { get; set; }
    public string? CommentId { get; set; }
    public string? FromStatus { get; set; }
    public string? ToStatus { get; set; }
    public string? Rule { get; set; }

    /// <summary>A comment's creation time: with its ids it names every row filed for it, even once the comment is gone.</summary>
    public DateTimeOffset? CommentCreatedAt { get; set; }

    /// <summary>The key of the comment's email (a hash, never the address), to find its author row once the comment is gone.</summary>
    public string? AuthorKey { get; set; }

    /// <summary>Tell the moderators this held comment is waiting (when it still is).</summary>
    public bool Notify { get; set; }

    /// <summary>An entry's listing before and after its change (JSON; null where there was or is no entry).</summary>
    public string? ListingBefore { get; set; }

    public string? ListingAfter { get; set; }

    /// <summary>Where a long follow-up (every page after a rules change) has got to.</summary>
    public string? Cursor { get; set; }

    [IgnoreDataMember]
    public FollowUpKind KindValue => Enum.Parse<FollowUpKind>(Kind);

    [IgnoreDataMember]
    public FollowUpAddress Address => new(Table, PartitionKey, Id);

    [IgnoreDataMember]
    public AuditEvent? Audit => Action.Length == 0 ? null : new AuditEvent(Actor, Action, EntryId, CommentId, FromStatus, ToStatus, Rule);

    public TableTransactionAction ToAdd() => new(TableTransactionActionType.Add, this);
}
