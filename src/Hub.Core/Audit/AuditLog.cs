using System.Security.Cryptography;
using Azure.Data.Tables;
using Hub.Core.Comments.Storage;
using Hub.Core.Paging;
using Hub.Core.Storage;

namespace Hub.Core.Audit;

/// <summary>What happened, by whom, to what: the fields of one audit row, before the time is stamped.</summary>
public sealed record AuditEvent(
    string Actor,
    string Action,
    string? EntryId = null,
    string? CommentId = null,
    string? FromStatus = null,
    string? ToStatus = null,
    string? Rule = null);

/// <summary>One recorded decision: who (the moderator's name, or commenter), what, when, and the rule involved.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string? EntryId, string? CommentId, string? FromStatus, string? ToStatus, string? Rule);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, string? NextCursor);

/// <summary>
/// The audit log: rows newest first in the Moderation table's partition (see
/// <see cref="Comments.Storage.ModerationKeys"/>), so a moderation change writes its audit row in
/// the same transaction as the change to the queue.
/// </summary>
public sealed class AuditLog(HubTables tables, TimeProvider clock)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    public static bool TryDecodeCursor(string cursor, out string position) => Cursor.TryDecode(cursor, IsPosition, out position);

    public async Task RecordAsync(AuditEvent recorded, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.AddEntityAsync(Row(recorded), cancellationToken);
    }

    /// <summary>The event as a row to add within another transaction of the Moderation table's partition.</summary>
    internal TableTransactionAction Entry(AuditEvent recorded) => new(TableTransactionActionType.Add, Row(recorded));

    private TableEntity Row(AuditEvent recorded)
    {
        var now = clock.GetUtcNow();
        return new TableEntity(ModerationKeys.Partition, ModerationKeys.AuditPrefix + TimeKeys.Inverted(now) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)))
        {
            ["At"] = now,
            ["Actor"] = recorded.Actor,
            ["Action"] = recorded.Action,
            ["EntryId"] = recorded.EntryId,
            ["CommentId"] = recorded.CommentId,
            ["FromStatus"] = recorded.FromStatus,
            ["ToStatus"] = recorded.ToStatus,
            ["Rule"] = recorded.Rule,
        };
    }

    /// <summary>Newest first; the cursor is the last row key handed out.</summary>
    public async Task<AuditPage> ListAsync(string? afterRowKey, int limit, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {ModerationKeys.AuditPrefix + afterRowKey} and RowKey lt {ModerationKeys.AuditEnd}");
        var (items, next) = await KeysetPage.ReadAsync<TableEntity>(table, filter, limit, row => row.RowKey[ModerationKeys.AuditPrefix.Length..], cancellationToken);
        return new AuditPage(items.ConvertAll(ToEntry), next);
    }

    public static bool IsPosition(string position) => position.Length == 25 && position.All(char.IsAsciiHexDigitLower);

    private static AuditEntry ToEntry(TableEntity row) => new(
        row.GetDateTimeOffset("At") ?? default,
        row.GetString("Actor") ?? "",
        row.GetString("Action") ?? "",
        row.GetString("EntryId"),
        row.GetString("CommentId"),
        row.GetString("FromStatus"),
        row.GetString("ToStatus"),
        row.GetString("Rule"));

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Moderation, cancellationToken);
}
