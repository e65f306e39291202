using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Hub.LocalHost.Platform;

namespace Hub.LocalHost.Functions.Queues;

/// <summary>
/// One queue trigger, handled as the Functions host's queue extension handles it (its
/// <c>QueueListener</c> and <c>QueueProcessor</c>): receive up to <c>batchSize</c> messages, each
/// hidden for a 10-minute lease renewed while its function runs, and run them concurrently; poll
/// again at once while more than <c>newBatchThreshold</c> are not running, and back off towards
/// <c>maxPollingInterval</c> while the queue is empty. A message whose function succeeds is
/// deleted; one that fails is made visible again after <c>visibilityTimeout</c>, and on its
/// <c>maxDequeueCount</c>-th failure is moved to <c>{queue}-poison</c>.
/// </summary>
internal sealed partial class QueueListener
{
    private const string PoisonSuffix = "-poison";

    private readonly QueueInvoker _invoker;
    private readonly QueueClient _queue;
    private readonly QueueClient? _poison;
    private readonly HostQueueOptions _options;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ILogger _functionLogger;
    private bool? _queueExists;

    public QueueListener(QueueInvoker invoker, QueueServiceClient service, HostQueueOptions options, IServiceProvider services, TimeProvider clock, ILoggerFactory loggers)
    {
        _invoker = invoker;
        _queue = service.GetQueueClient(invoker.Function.QueueName);
        _poison = PoisonQueueName(invoker.Function.QueueName) is { } poison ? service.GetQueueClient(poison) : null;
        _options = options;
        _services = services;
        _clock = clock;
        _logger = loggers.CreateLogger<QueueListener>();

        // The host logs each invocation under the function's own category.
        _functionLogger = loggers.CreateLogger($"Function.{invoker.Function.Name}");
    }

    /// <summary>
    /// The poison queue the host pairs with a queue: none for a queue that is itself a poison queue,
    /// or whose name would grow past storage's 63 characters.
    /// </summary>
    public static string? PoisonQueueName(string queueName)
        => queueName.EndsWith(PoisonSuffix, StringComparison.Ordinal) || queueName.Length + PoisonSuffix.Length > 63 ? null : queueName + PoisonSuffix;

    /// <summary>Polls until <paramref name="stopping"/>; then lets the running functions finish (they see it cancelled).</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var backoff = new PollingBackoff(HostQueueOptions.MinimumPollingInterval, _options.MaxPollingInterval, Random.Shared);
        var processing = new List<Task>();
        var foundSinceLastDelay = false;
        while (!stopping.IsCancellationRequested)
        {
            QueueMessage[]? batch;
            try
            {
                batch = await ReceiveAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The host hands an unexpected polling failure to its exception handler; here the listener keeps polling.
                LogPollFailed(_logger, _queue.Name, exception);
                batch = null;
            }

            if (batch is { Length: > 0 })
            {
                processing.AddRange(batch.Select(message => ProcessAsync(message, stopping)));
                foundSinceLastDelay = true;

                // Take more only when no more than newBatchThreshold are still running.
                while (processing.Count > _options.NewBatchThreshold)
                {
                    processing.Remove(await Task.WhenAny(processing));
                }

                continue;
            }

            var delay = backoff.Next(foundSinceLastDelay);
            foundSinceLastDelay = false;
            try
            {
                await Task.Delay(delay, _clock, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(processing);
    }

    /// <summary>Receives and handles every message visible now, batch by batch; returns how many it handled.</summary>
    public async Task<int> ProcessVisibleAsync(CancellationToken cancellationToken)
    {
        var handled = 0;
        while ((await ReceiveAsync(cancellationToken)) is { Length: > 0 } batch)
        {
            await Task.WhenAll(batch.Select(message => ProcessAsync(message, cancellationToken)));
            handled += batch.Length;
        }

        return handled;
    }

    /// <summary>One receive, or none when the queue does not exist (yet) or storage failed: the caller backs off.</summary>
    private async Task<QueueMessage[]?> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            // As the host: check the queue exists before the first receive (and after any failure), so
            // an app whose queue was never made polls quietly rather than logging a 404 each time.
            _queueExists ??= (await _queue.ExistsAsync(cancellationToken)).Value;
            if (_queueExists is not true)
            {
                _queueExists = null;
                return null;
            }

            var received = await _queue.ReceiveMessagesAsync(_options.BatchSize, HostQueueOptions.MessageLease, cancellationToken);
            return [.. received.Value.Where(message => message is not null)];
        }
        catch (RequestFailedException failure) when (failure.ErrorCode is "QueueNotFound" or "QueueBeingDeleted" or "QueueDisabled" || failure.Status >= 500)
        {
            _queueExists = null;
            LogStorageFailure(_logger, _queue.Name, failure.Status, failure.ErrorCode);
            return null;
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (message.DequeueCount > _options.MaxDequeueCount)
            {
                // Received more often than allowed without an outcome (the process died while running it, say).
                await MoveToPoisonAsync(message);
                return;
            }

            var invocationId = Guid.NewGuid();
            var function = $"Functions.{_invoker.Function.Name}";
            LogExecuting(_functionLogger, function, _queue.Name, invocationId);
            LogTriggerDetails(_functionLogger, message.MessageId, message.DequeueCount, message.InsertedOn);
            var started = Stopwatch.GetTimestamp();
            Exception? failure = null;
            var lease = MessageLease.Start(_queue, message, HostQueueOptions.MessageLease, _clock);
            await using (lease)
            {
                try
                {
                    await _invoker.InvokeAsync(_services, message.Body.ToString(), cancellationToken);
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            }

            var duration = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            message = lease.Message;
            if (failure is null)
            {
                LogSucceeded(_functionLogger, function, invocationId, duration);
                await DeleteAsync(message);
            }
            else
            {
                LogFailed(_functionLogger, function, invocationId, duration, failure);
                await CompleteFailedAsync(message);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the message reappears when its lease ends.
        }
        catch (Exception exception)
        {
            // Storage failed while finishing: the message reappears when its lease ends and is tried again.
            LogCompletionFailed(_logger, message.MessageId, _queue.Name, exception);
        }
    }

    private async Task CompleteFailedAsync(QueueMessage message)
    {
        if (_poison is null)
        {
            // No poison queue: leave the message hidden for the rest of its lease, so a failing message cannot spin.
            return;
        }

        if (message.DequeueCount >= _options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message);
            return;
        }

        try
        {
            await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _options.VisibilityTimeout, cancellationToken: CancellationToken.None);
        }
        catch (RequestFailedException failure) when (failure.Status is 400 or 404 or 409)
        {
            // Someone else took the message over, or it or its queue is gone: nothing to release.
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message)
    {
        if (_poison is null)
        {
            return;
        }

        LogPoisoned(_logger, _options.MaxDequeueCount, _poison.Name);
        await _poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        await _poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
        await DeleteAsync(message);
    }

    private async Task DeleteAsync(QueueMessage message)
    {
        try
        {
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (RequestFailedException failure) when (failure.Status is 400 or 404 or 409)
        {
            // Another receiver holds it now, or it or its queue is gone: theirs to delete, or nothing to do.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Executing '{FunctionName}' (Reason='New queue message detected on '{QueueName}'.', Id={InvocationId})")]
    private static partial void LogExecuting(ILogger logger, string functionName, string queueName, Guid invocationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger Details: MessageId: {MessageId}, DequeueCount: {DequeueCount}, InsertedOn: {InsertedOn}")]
    private static partial void LogTriggerDetails(ILogger logger, string messageId, long dequeueCount, DateTimeOffset? insertedOn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Executed '{FunctionName}' (Succeeded, Id={InvocationId}, Duration={ExecutionDuration}ms)")]
    private static partial void LogSucceeded(ILogger logger, string functionName, Guid invocationId, long executionDuration);

    [LoggerMessage(Level = LogLevel.Error, Message = "Executed '{FunctionName}' (Failed, Id={InvocationId}, Duration={ExecutionDuration}ms)")]
    private static partial void LogFailed(ILogger logger, string functionName, Guid invocationId, long executionDuration, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message has reached MaxDequeueCount of {MaxDequeueCount}. Moving message to queue '{PoisonQueueName}'.")]
    private static partial void LogPoisoned(ILogger logger, int maxDequeueCount, string poisonQueueName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue '{QueueName}' failed ({Status} {ErrorCode}); backing off")]
    private static partial void LogStorageFailure(ILogger logger, string queueName, int status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling queue '{QueueName}' failed; backing off")]
    private static partial void LogPollFailed(ILogger logger, string queueName, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not complete message {MessageId} of queue '{QueueName}'; it reappears when its lease ends")]
    private static partial void LogCompletionFailed(ILogger logger, string messageId, string queueName, Exception exception);
}
