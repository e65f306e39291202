using System.Security.Cryptography;
using Azure.Data.Tables;
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

/// <summary>The AuditLog table: one partition, rows newest first (moderation is far too slow to strain it).</summary>
public sealed class AuditLog(HubTables tables, TimeProvider clock)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    private const string Partition = "audit";

    public static bool TryDecodeCursor(string cursor, out string position) => Cursor.TryDecode(cursor, IsPosition, out position);

    public async Task RecordAsync(AuditEvent recorded, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var row = new TableEntity(Partition, TimeKeys.Inverted(now) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)))
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
        await table.AddEntityAsync(row, cancellationToken);
    }

    /// <summary>Newest first; the cursor is the last row key handed out.</summary>
    public async Task<AuditPage> ListAsync(string? afterRowKey, int limit, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {afterRowKey ?? ""}");
        var (items, next) = await KeysetPage.ReadAsync<TableEntity>(table, filter, limit, row => row.RowKey, cancellationToken);
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

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.AuditLog, cancellationToken);
}
