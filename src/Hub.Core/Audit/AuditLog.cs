using System.Security.Cryptography;
using Azure.Data.Tables;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
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
/// <see cref="Comments.ModerationTable.ModerationKeys"/>), so a moderation change writes its audit row in
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

    /// <summary>
    /// The row a follow-up writes for the change it follows: keyed by the change's time and the
    /// follow-up's id, so a follow-up that runs again writes the same row, never a second one.
    /// </summary>
    internal static TableTransactionAction Recorded(string followUpId, DateTimeOffset at, AuditEvent recorded)
        => new(TableTransactionActionType.UpsertReplace, Row(
            TimeKeys.Inverted(at) + Hashing.Sha256(followUpId)[..6],
            new AuditEntry(at, recorded.Actor, recorded.Action, recorded.EntryId, recorded.CommentId, recorded.FromStatus, recorded.ToStatus, recorded.Rule)));

    private TableEntity Row(AuditEvent recorded)
    {
        var now = clock.GetUtcNow();
        return Row(
            TimeKeys.Inverted(now) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)),
            new AuditEntry(now, recorded.Actor, recorded.Action, recorded.EntryId, recorded.CommentId, recorded.FromStatus, recorded.ToStatus, recorded.Rule));
    }

    private static TableEntity Row(string key, AuditEntry entry) => new(ModerationKeys.Partition, ModerationKeys.AuditPrefix + key)
    {
        ["At"] = entry.At,
        ["Actor"] = entry.Actor,
        ["Action"] = entry.Action,
        ["EntryId"] = entry.EntryId,
        ["CommentId"] = entry.CommentId,
        ["FromStatus"] = entry.FromStatus,
        ["ToStatus"] = entry.ToStatus,
        ["Rule"] = entry.Rule,
    };

    /// <summary>Newest first; the cursor is the last row key handed out.</summary>
    public async Task<AuditPage> ListAsync(string? afterRowKey, int limit, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {ModerationKeys.AuditPrefix + afterRowKey} and RowKey lt {ModerationKeys.AuditEnd}");
        var (items, next) = await KeysetPage.ReadAsync<TableEntity>(table, filter, limit, row => row.RowKey[ModerationKeys.AuditPrefix.Length..], cancellationToken);
        return new AuditPage(items.ConvertAll(ToEntry), next);
    }

    /// <summary>Every row with its key, newest first (for a backup).</summary>
    public async Task<IReadOnlyList<(string Key, AuditEntry Entry)>> ListEveryAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {ModerationKeys.AuditPrefix} and RowKey lt {ModerationKeys.AuditEnd}");
        var rows = new List<(string, AuditEntry)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add((row.RowKey[ModerationKeys.AuditPrefix.Length..], ToEntry(row)));
        }

        return rows;
    }

    /// <summary>Writes rows as a backup had them, under their own keys, 100 a transaction.</summary>
    public async Task RestoreAsync(IEnumerable<(string Key, AuditEntry Entry)> rows, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        foreach (var chunk in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row(row.Key, row.Entry))), cancellationToken);
        }
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
