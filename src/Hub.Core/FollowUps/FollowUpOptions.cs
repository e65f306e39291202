using System.ComponentModel.DataAnnotations;

namespace Hub.Core.FollowUps;

/// <summary>
/// <c>Hub:FollowUps</c>: how long a write's safety message stays hidden (see
/// <see cref="FollowUpOutbox"/>). It must outlast any transaction still in flight when it arrives,
/// or a change that commits after it has looked (and whose writer then died before sending the
/// start message) would wait for nobody: a write commits within <see cref="FollowUpOutbox.CommitWindow"/>
/// of sending it, and Table Storage finishes or abandons an insert, update, delete or entity group
/// transaction within the server timeout every table request asks for (<see cref="Storage.TableServerTimeout"/>,
/// 10 s; 30 s is the service's maximum). The default, 30 s, leaves 10 s over those 20. It is also the longest a follow-up waits after a
/// crash, whatever the queue trigger's 10-minute lease on the messages the dead instance held.
/// Shorter is for tests and the local host over the emulator.
/// </summary>
public sealed class FollowUpOptions
{
    public const string Section = "Hub:FollowUps";

    /// <summary><c>Hub:FollowUps:SafetyDelaySeconds</c>.</summary>
    [Range(1, 3_600, ErrorMessage = "Hub:FollowUps:SafetyDelaySeconds must be from 1 to 3600 (30, the default, outlasts the commit window and the tables' 10 s server timeout).")]
    public int SafetyDelaySeconds { get; set; } = 30;

    public TimeSpan SafetyDelay => TimeSpan.FromSeconds(SafetyDelaySeconds);
}
