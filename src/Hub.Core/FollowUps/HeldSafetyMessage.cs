namespace Hub.Core.FollowUps;

/// <summary>
/// A safety message kept hidden while its follow-up runs: every half delay it is hidden for a
/// whole delay more, so a follow-up that runs long (a rules pass over every page) is not started
/// again beside itself, while one whose instance dies is started again within a delay of the
/// last renewal. <see cref="ReleaseAsync"/> deletes it once the follow-up is done. Renewal stops
/// once the message is no longer this process's (the trigger received it, or it is gone).
/// </summary>
internal sealed class HeldSafetyMessage : IAsyncDisposable
{
    private readonly FollowUpQueue _queue;
    private readonly TimeSpan _delay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private SafetyMessage? _message;

    private HeldSafetyMessage(FollowUpQueue queue, SafetyMessage message, TimeSpan delay, TimeProvider clock)
    {
        _queue = queue;
        _message = message;
        _delay = delay;
        _renewing = RenewAsync(clock, _stop.Token);
    }

    public static HeldSafetyMessage Hold(FollowUpQueue queue, SafetyMessage message, TimeSpan delay, TimeProvider clock) => new(queue, message, delay, clock);

    /// <summary>Stops renewing and deletes the message (a failure is left to the message, which finds its record gone).</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await StopAsync();
        if (Volatile.Read(ref _message) is { } message)
        {
            try
            {
                await _queue.DeleteAsync(message, cancellationToken);
            }
            catch (Exception exception) when (exception is Azure.RequestFailedException or OperationCanceledException or HttpRequestException)
            {
                // It arrives after its delay, finds no record and is dropped: one receive more.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        try
        {
            await _renewing;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting or renewing.
        }
    }

    private async Task RenewAsync(TimeProvider clock, CancellationToken stop)
    {
        while (Volatile.Read(ref _message) is { } message)
        {
            await Task.Delay(_delay / 2, clock, stop);
            try
            {
                Volatile.Write(ref _message, await _queue.HideAsync(message, _delay, stop));
            }
            catch (Exception exception) when (exception is Azure.RequestFailedException or HttpRequestException)
            {
                // Storage failed this once: try again at the next half delay (the message is still hidden until then).
            }
        }
    }
}
