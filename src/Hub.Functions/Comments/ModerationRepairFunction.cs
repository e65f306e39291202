using Hub.Core.Comments;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Comments;

/// <summary>
/// A comment's transaction and the queue's are two writes; a crash between them leaves the queue
/// showing a comment in the wrong tab (or one never stored). Acting on such a row puts it right at
/// once; this puts every row right on a schedule, and counts the tabs again.
/// </summary>
public sealed class ModerationRepairFunction(ModerationRepair repair)
{
    /// <summary>Hourly, at half past (six fields: seconds first, as Azure Functions reads it).</summary>
    public const string Schedule = "0 30 * * * *";

    [Function(nameof(RepairModeration))]
    public Task RepairModeration([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
        => repair.RunAsync(cancellationToken);
}
