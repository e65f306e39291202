using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Storage.Queues;

namespace Hub.Core.FollowUps;

/// <summary>
/// The storage queue that starts each follow-up: a message sent after a change commits is
/// consumed by the queue-triggered function. The queue is created the first time this process
/// sends, so a fresh storage account (or emulator) needs no setup step. A message the function
/// fails <c>maxDequeueCount</c> times is moved by the Functions host to <see cref="PoisonName"/>
/// (its <c>{queue}-poison</c> convention), which <see cref="PoisonedAsync"/> reads without taking.
/// </summary>
/// <param name="service">A queue service client whose messages are Base64-encoded, as the host's queue extension expects.</param>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a storage queue, not a collection; the name is the contract issue 17's follow-up is built against.")]
public sealed class FollowUpQueue(QueueServiceClient service)
{
    public const string Name = "hub-follow-ups";
    public const string PoisonName = Name + "-poison";

    /// <summary>The most messages storage returns for one peek.</summary>
    public const int MaxPeek = 32;

    private readonly Lock _gate = new();
    private Task<QueueClient>? _ready;

    /// <summary>
    /// Sends one message. With <paramref name="visibilityDelay"/>, nobody receives it before that
    /// much time has passed (at most seven days, storage's limit). Returns its id and pop receipt,
    /// with which this process may hide it for longer or delete it before anyone receives it.
    /// </summary>
    public async Task<SafetyMessage> SendAsync(string message, TimeSpan? visibilityDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queue = await QueueAsync(cancellationToken);
        try
        {
            return SafetyMessage.Of(await queue.SendMessageAsync(message, visibilityDelay, timeToLive: null, cancellationToken));
        }
        catch (RequestFailedException failure) when (failure.ErrorCode == "QueueNotFound")
        {
            // The queue was deleted (or storage wiped) after this process created it: make it again, once.
            Forget(queue);
            queue = await QueueAsync(cancellationToken);
            return SafetyMessage.Of(await queue.SendMessageAsync(message, visibilityDelay, timeToLive: null, cancellationToken));
        }
    }

    /// <summary>
    /// Hides a message this process sent for <paramref name="visibility"/> from now; its new pop
    /// receipt, or null when it is no longer this process's to hide (received by the trigger since,
    /// which changes the receipt, or deleted).
    /// </summary>
    public async Task<SafetyMessage?> HideAsync(SafetyMessage message, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queue = await QueueAsync(cancellationToken);
        try
        {
            var receipt = await queue.UpdateMessageAsync(message.Id, message.Receipt, visibilityTimeout: visibility, cancellationToken: cancellationToken);
            return message with { Receipt = receipt.Value.PopReceipt };
        }
        catch (RequestFailedException failure) when (failure.Status is 400 or 404)
        {
            return null;
        }
    }

    /// <summary>Deletes a message this process sent; false when it was not there to delete (received by the trigger since, or deleted).</summary>
    public async Task<bool> DeleteAsync(SafetyMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queue = await QueueAsync(cancellationToken);
        try
        {
            using var _ = await queue.DeleteMessageAsync(message.Id, message.Receipt, cancellationToken);
            return true;
        }
        catch (RequestFailedException failure) when (failure.Status is 400 or 404)
        {
            return false;
        }
    }

    /// <summary>
    /// About how many messages the queue holds, hidden ones included (storage's approximate count:
    /// one request, and it may lag a little); 0 for a queue not made yet.
    /// </summary>
    public async Task<int> ApproximateCountAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await service.GetQueueClient(Name).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException failure) when (failure.ErrorCode == "QueueNotFound")
        {
            return 0;
        }
    }

    /// <summary>
    /// The oldest messages in the poison queue (up to <paramref name="limit"/>, at most
    /// <see cref="MaxPeek"/>), peeked so they stay there, and how many it holds. Storage's count is
    /// approximate; a poison queue that was never made holds none. A message that is not Base64
    /// (one the host moved there because it could not decode it) is counted but not listed.
    /// </summary>
    public async Task<PoisonedFollowUps> PoisonedAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPeek);
        var poison = service.GetQueueClient(PoisonName);
        try
        {
            var properties = await poison.GetPropertiesAsync(cancellationToken);
            var peeked = await poison.PeekMessagesAsync(limit, cancellationToken);
            return new PoisonedFollowUps(
                [.. peeked.Value.Select(message => new PoisonedFollowUp(message.MessageId, message.Body.ToString(), message.InsertedOn, message.ExpiresOn))],
                properties.Value.ApproximateMessagesCount);
        }
        catch (RequestFailedException failure) when (failure.ErrorCode == "QueueNotFound")
        {
            return new PoisonedFollowUps([], 0);
        }
    }

    private Task<QueueClient> QueueAsync(CancellationToken cancellationToken)
    {
        Task<QueueClient> creation;
        lock (_gate)
        {
            creation = _ready ??= CreateAsync();
        }

        return AwaitCreationAsync(creation, cancellationToken);
    }

    private async Task<QueueClient> AwaitCreationAsync(Task<QueueClient> creation, CancellationToken cancellationToken)
    {
        try
        {
            return await creation.WaitAsync(cancellationToken);
        }
        catch when (creation.IsFaulted || creation.IsCanceled)
        {
            // A failed creation (storage down) must not be remembered: the next send tries again.
            lock (_gate)
            {
                if (_ready == creation)
                {
                    _ready = null;
                }
            }

            throw;
        }
    }

    private void Forget(QueueClient queue)
    {
        lock (_gate)
        {
            if (_ready is { IsCompletedSuccessfully: true } ready && ready.Result == queue)
            {
                _ready = null;
            }
        }
    }

    private async Task<QueueClient> CreateAsync()
    {
        var queue = service.GetQueueClient(Name);
        await queue.CreateIfNotExistsAsync();
        return queue;
    }
}

/// <summary>Some of the poison queue's messages, oldest first, and about how many it holds.</summary>
public sealed record PoisonedFollowUps(IReadOnlyList<PoisonedFollowUp> Messages, int ApproximateCount);

/// <summary>One message the follow-up function kept failing on.</summary>
/// <param name="InsertedOn">When the host moved it to the poison queue.</param>
/// <param name="ExpiresOn">When storage drops it (the host moves it with storage's default time to live, seven days).</param>
public sealed record PoisonedFollowUp(string MessageId, string Text, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn);
