using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Hub.LocalHost.Functions.Queues;

/// <summary>
/// Keeps a received message hidden while its function runs, as the Functions host does: the
/// message was received hidden for <see cref="Platform.HostQueueOptions.MessageLease"/> (10
/// minutes), and at half that time the lease is renewed for another full term, for as long as the
/// function runs. A failed renewal is tried again sooner (half the interval, not under a minute);
/// once the message is gone or another receiver holds it, renewal stops.
/// </summary>
internal sealed class MessageLease : IAsyncDisposable
{
    private static readonly TimeSpan MinimumRenewalInterval = TimeSpan.FromMinutes(1);

    private readonly QueueClient _queue;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private QueueMessage _message;

    private MessageLease(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider clock)
    {
        _queue = queue;
        _message = message;
        _lease = lease;
        _clock = clock;
        _renewing = RenewAsync(_stop.Token);
    }

    /// <summary>The message with its latest pop receipt, which a delete or update must carry.</summary>
    public QueueMessage Message => Volatile.Read(ref _message);

    public static MessageLease Start(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider clock)
        => new(queue, message, lease, clock);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _renewing;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting or renewing: the function has finished.
        }

        _stop.Dispose();
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        var normal = _lease / 2;
        var interval = normal;
        while (true)
        {
            await Task.Delay(interval, _clock, stop);
            try
            {
                var message = Message;
                var receipt = await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _lease, cancellationToken: stop);
                Volatile.Write(ref _message, message.Update(receipt.Value));
                interval = normal;
            }
            catch (RequestFailedException failure) when (failure.Status is 400 or 404 or 409)
            {
                // The pop receipt no longer matches, or the message or queue is gone: it is no longer ours to keep.
                return;
            }
            catch (Exception failure) when (failure is RequestFailedException or HttpRequestException or TimeoutException)
            {
                interval = TimeSpan.FromTicks(Math.Max(interval.Ticks / 2, MinimumRenewalInterval.Ticks));
            }
        }
    }
}
