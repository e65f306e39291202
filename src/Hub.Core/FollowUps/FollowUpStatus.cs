namespace Hub.Core.FollowUps;

/// <summary>
/// How the follow-ups are going, for the console and <c>hub follow-ups</c>: how many are open
/// (counted up to 1,000; a few, briefly, is normal), and the messages that failed every try and
/// wait in the poison queue (their records are still finished by the sweep; a message there means
/// a follow-up failed five times in a row, which is worth a look at the logs).
/// </summary>
public sealed record FollowUpStatus(int Open, int Poisoned, IReadOnlyList<PoisonedFollowUp> PoisonedMessages);

/// <summary>Reads the <see cref="FollowUpStatus"/>: one range query of the open rows and a peek of the poison queue.</summary>
public sealed class FollowUpMonitor(FollowUpProcessor processor, FollowUpQueue queue)
{
    public async Task<FollowUpStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var open = processor.CountOpenAsync(cancellationToken);
        var poisoned = queue.PoisonedAsync(FollowUpQueue.MaxPeek, cancellationToken);
        await Task.WhenAll(open, poisoned);
        return new FollowUpStatus(await open, (await poisoned).ApproximateCount, (await poisoned).Messages);
    }
}
