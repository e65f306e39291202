using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hub.Core.FollowUps;

/// <summary>
/// A message on <see cref="FollowUpQueue"/>: the follow-up's address, and which of its two
/// messages it is. Every write sends two (see <see cref="FollowUpOutbox"/>): its safety message,
/// hidden for <see cref="FollowUpOptions.SafetyDelay"/>, before the change, and once the change has
/// committed its start message, visible at once, which names the safety message
/// (<see cref="Safety"/>) so that whoever finishes the follow-up deletes it. A message without one
/// is a safety message (or a start message from a build before this one: it is handled as one,
/// which is safe).
/// </summary>
public sealed record FollowUpMessage(
    [property: JsonPropertyName("table")] string Table,
    [property: JsonPropertyName("partition")] string Partition,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("safety"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SafetyMessage? Safety)
{
    public static FollowUpMessage For(FollowUpAddress address, SafetyMessage? safety) => new(address.Table, address.Partition, address.Id, safety);

    [JsonIgnore]
    public FollowUpAddress Address => new(Table, Partition, Id);

    public string ToText() => JsonSerializer.Serialize(this, HubJsonContext.Default.FollowUpMessage);

    public static bool TryParse(string text, [NotNullWhen(true)] out FollowUpMessage? message)
    {
        try
        {
            message = JsonSerializer.Deserialize(text, HubJsonContext.Default.FollowUpMessage);
        }
        catch (JsonException)
        {
            message = null;
        }

        message = message is not null && FollowUpAddress.IsValid(message.Address) && message.Safety is null or { IsWellFormed: true } ? message : null;
        return message is not null;
    }
}
