using System.Globalization;
using System.Security.Cryptography;
using Hub.Core.Storage;

namespace Hub.Core.FollowUps;

/// <summary>
/// Where a follow-up's record is: its table, its partition and its id. Its queue messages carry it
/// (<see cref="FollowUpMessage"/>), and so does the author row of a post (<see cref="Comments.ModerationTable.UnfiledPosts"/>).
/// </summary>
public sealed partial record FollowUpAddress(string Table, string Partition, string Id)
{
    /// <summary>A new id: the time it was made (ticks, so ids sort oldest first) and 8 random hex digits.</summary>
    public static string NewId(DateTimeOffset now)
        => now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>When the id was made.</summary>
    public DateTimeOffset MadeAt => new(long.Parse(Id.AsSpan(0, 19), CultureInfo.InvariantCulture), TimeSpan.Zero);

    public string RecordKey => FollowUpKeys.Record(Id);

    /// <summary>Whether the address names a table the outbox writes and an id it makes (a message is checked before it is trusted).</summary>
    public static bool IsValid(FollowUpAddress? address)
        => address is { Table.Length: > 0, Partition.Length: > 0 } && IsId(address.Id) && Tables.Contains(address.Table);

    private static readonly HashSet<string> Tables = [HubTables.Comments, HubTables.Resources, HubTables.Settings, HubTables.Moderators];

    private static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]{19}[0-9a-f]{8}\z")]
    private static partial System.Text.RegularExpressions.Regex IdPattern();
}
