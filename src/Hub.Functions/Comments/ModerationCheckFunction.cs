using Hub.Core.Comments;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Comments;

/// <summary>
/// Only the follow-up files comments in the moderation queue, so the queue should never drift
/// from the comments. This checks that it has not, a bounded slice of comments and of queue rows
/// a run (<see cref="ModerationCheck.Batch"/> of each, from cursors it keeps), and logs what it
/// mended: a warning when it mended anything.
/// </summary>
public sealed class ModerationCheckFunction(ModerationCheck check)
{
    /// <summary>
    /// Every 10 minutes, at 5 past (six fields: seconds first, as Azure Functions reads it): a run
    /// costs the same whatever the size of the hub, and this often covers 100,000 comments in
    /// about a day and a half.
    /// </summary>
    public const string Schedule = "0 5-59/10 * * * *";

    [Function(nameof(CheckModeration))]
    public Task CheckModeration([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
        => check.RunAsync(cancellationToken);
}
