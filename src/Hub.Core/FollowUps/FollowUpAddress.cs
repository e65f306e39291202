using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Core.Storage;

namespace Hub.Core.FollowUps;

/// <summary>
/// Where a follow-up's record is: its table, its partition and its id. It is the queue message,
/// and it is what the open row (<see cref="FollowUpKeys.Open"/>) holds for the sweep.
/// </summary>
public sealed partial record FollowUpAddress(
    [property: JsonPropertyName("table")] string Table,
    [property: JsonPropertyName("partition")] string Partition,
    [property: JsonPropertyName("id")] string Id)
{
    /// <summary>A new id: the time it was made (ticks, so ids sort oldest first) and 8 random hex digits.</summary>
    public static string NewId(DateTimeOffset now)
        => now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>When the id was made.</summary>
    public DateTimeOffset MadeAt => new(long.Parse(Id.AsSpan(0, 19), CultureInfo.InvariantCulture), TimeSpan.Zero);

    public string RecordKey => FollowUpKeys.Record(Id);

    public string ToMessage() => JsonSerializer.Serialize(this, HubJsonContext.Default.FollowUpAddress);

    public static bool TryParse(string message, [NotNullWhen(true)] out FollowUpAddress? address)
    {
        try
        {
            address = JsonSerializer.Deserialize(message, HubJsonContext.Default.FollowUpAddress);
        }
        catch (JsonException)
        {
            address = null;
        }

        address = address is { Table.Length: > 0, Partition.Length: > 0 } && IsId(address.Id) && Tables.Contains(address.Table) ? address : null;
        return address is not null;
    }

    private static readonly HashSet<string> Tables = [HubTables.Comments, HubTables.Resources, HubTables.Settings, HubTables.Moderators];

    private static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]{19}[0-9a-f]{8}\z")]
    private static partial System.Text.RegularExpressions.Regex IdPattern();
}
