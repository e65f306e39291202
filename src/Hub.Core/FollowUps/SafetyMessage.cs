using System.Text.Json.Serialization;
using Azure.Storage.Queues.Models;

namespace Hub.Core.FollowUps;

/// <summary>
/// A queue message this process sent, as storage answered the send: its id and its pop receipt,
/// which let the sender hide it for longer or delete it before anyone receives it (a receive
/// gives it a new receipt, so once the trigger has it, it is the trigger's).
/// </summary>
public sealed record SafetyMessage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("receipt")] string Receipt)
{
    internal static SafetyMessage Of(SendReceipt sent) => new(sent.MessageId, sent.PopReceipt);

    /// <summary>Whether it looks like what storage hands out (a message id and a receipt are short tokens).</summary>
    internal bool IsWellFormed => Id is { Length: > 0 and <= 64 } && Receipt is { Length: > 0 and <= 256 };
}
