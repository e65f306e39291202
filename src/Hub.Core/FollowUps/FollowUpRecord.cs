using System.Runtime.Serialization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Hub.Core.FollowUps;

/// <summary>
/// The outbox row: what must follow a change (<see cref="FollowUp"/>, as JSON), written in the
/// change's own entity group transaction (the same table and partition), so a committed change
/// always has it. The follow-up reads it, does what it says idempotently, and deletes it.
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

    /// <summary>When the change was made (the audit row's time).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The <see cref="FollowUp"/>, with its kind.</summary>
    public string Work { get; set; } = "";

    [IgnoreDataMember]
    public FollowUpAddress Address => new(Table, PartitionKey, Id);

    /// <summary>What the record asks for; null when its JSON is not a follow-up this build knows.</summary>
    public FollowUp? Read()
    {
        try
        {
            return JsonSerializer.Deserialize(Work, HubJsonContext.Default.FollowUp);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static FollowUpRecord For(FollowUpAddress address, DateTimeOffset at, FollowUp work) => new()
    {
        PartitionKey = address.Partition,
        RowKey = address.RecordKey,
        Table = address.Table,
        Id = address.Id,
        At = at,
        Work = JsonSerializer.Serialize(work, HubJsonContext.Default.FollowUp),
    };
}
