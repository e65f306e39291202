namespace Hub.Core.FollowUps;

/// <summary>
/// How the follow-ups are going, for the console and <c>hub follow-ups</c>: how many messages the
/// follow-up queue holds (storage's approximate count, hidden messages included: a follow-up not
/// yet finished holds its safety message, and its start message until that is taken, so this is
/// between one and two per unfinished follow-up; 0 means every committed change has been followed
/// up; a few, briefly, is normal), and the messages that failed every try and wait in the poison
/// queue (their records are still finished by their safety messages, every
/// <see cref="FollowUpOptions.SafetyDelay"/>; a message there means a follow-up failed five times
/// in a row, which is worth a look at the logs).
/// </summary>
public sealed record FollowUpStatus(int Queued, int Poisoned, IReadOnlyList<PoisonedFollowUp> PoisonedMessages);

/// <summary>Reads the <see cref="FollowUpStatus"/>: the queue's properties and a peek of the poison queue, two requests whatever the hub's size.</summary>
public sealed class FollowUpMonitor(FollowUpQueue queue)
{
    public async Task<FollowUpStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var queued = queue.ApproximateCountAsync(cancellationToken);
        var poisoned = queue.PoisonedAsync(FollowUpQueue.MaxPeek, cancellationToken);
        await Task.WhenAll(queued, poisoned);
        return new FollowUpStatus(await queued, (await poisoned).ApproximateCount, (await poisoned).Messages);
    }
}
