using Hub.Core.Comments;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Comments;

/// <summary>
/// Only the follow-up files comments in the moderation queue, so the queue should never drift
/// from the comments. This checks that it has not, every hour, logs a warning (and puts it right)
/// if it has.
/// </summary>
public sealed class ModerationCheckFunction(ModerationCheck check)
{
    /// <summary>Hourly, at half past (six fields: seconds first, as Azure Functions reads it).</summary>
    public const string Schedule = "0 30 * * * *";

    [Function(nameof(CheckModeration))]
    public Task CheckModeration([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
        => check.RunAsync(cancellationToken);
}
