using System.Collections.Concurrent;
using Hub.Core.FollowUps;
using Hub.LocalHost.Functions;
using Hub.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.IntegrationTests.Hosting;

/// <summary>What the queue functions declared here were given; a message starting "fail" makes them throw.</summary>
public sealed class QueueProbe
{
    private readonly ConcurrentQueue<string> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyList<string> Received => [.. _received];

    public Task HandleAsync(string message)
    {
        _received.Enqueue(message);
        _arrived.Release();
        return message.StartsWith("fail", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"The follow-up for {message} failed.")
            : Task.CompletedTask;
    }

    /// <summary>Waits until <paramref name="message"/> has arrived, for at most <paramref name="deadline"/>.</summary>
    public async Task<bool> WaitForAsync(string message, TimeSpan deadline)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!_received.Contains(message))
        {
            var left = deadline - waited.Elapsed;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                return _received.Contains(message);
            }
        }

        return true;
    }
}

/// <summary>A stand-in for the follow-up function, on the follow-up queue, with the signature issue 17's will have.</summary>
public sealed class ProbeFollowUpFunction(QueueProbe probe)
{
    public const string Name = "ProbeFollowUp";

    [Function(Name)]
    public Task FinishFollowUp([QueueTrigger(FollowUpQueue.Name)] string message, CancellationToken cancellationToken)
        => probe.HandleAsync(message);
}

/// <summary>Log lines as the host's console would show them.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Text, Exception? Exception)> _lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Text, Exception? Exception)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string, Exception?)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => lines.Enqueue((category, logLevel, formatter(state, exception), exception));
    }
}

/// <summary>The local host with the probe function as its only queue function, run on cue; failed messages retried at once.</summary>
public sealed class QueueHubServer : HubServer
{
    public QueueProbe Probe { get; } = new();

    public CapturedLogs Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // As an app setting overrides host.json in Azure: no wait between tries, so one run on cue sees every try.
        ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Probe);
        services.AddSingleton<ILoggerProvider>(Logs);
        services.AddSingleton(FunctionCatalog.DiscoverQueues([typeof(ProbeFollowUpFunction)]));
    }
}

/// <summary>Queue-triggered functions on the local host, against Azurite's queue service, as the Functions host runs them.</summary>
public sealed class QueueTriggerTests(QueueHubServer hub) : IClassFixture<QueueHubServer>
{
    private FollowUpQueue Queue => hub.Services.GetRequiredService<FollowUpQueue>();

    [Fact]
    public async Task A_message_sent_is_handled_once_and_then_gone()
    {
        var message = $$"""{"entry":"{{Entries.NewId()}}"}""";

        await Queue.SendAsync(message, visibilityDelay: null, CancellationToken.None);
        var handled = await hub.RunQueuesAsync();

        Assert.Equal(1, handled);
        Assert.Single(hub.Probe.Received, message);
        Assert.Equal(0, await hub.RunQueuesAsync());
        Assert.Single(hub.Probe.Received, message);
    }

    [Fact]
    public async Task A_function_that_keeps_failing_is_tried_max_dequeue_count_times_then_its_message_is_in_the_poison_queue()
    {
        var message = $"fail {Entries.NewId()}";

        await Queue.SendAsync(message, visibilityDelay: null, CancellationToken.None);
        var handled = await hub.RunQueuesAsync();

        Assert.Equal(5, handled);
        Assert.Equal(5, hub.Probe.Received.Count(received => received == message));
        var poisoned = await Queue.PoisonedAsync(FollowUpQueue.MaxPeek, CancellationToken.None);
        Assert.Contains(poisoned.Messages, entry => entry.Text == message);
        Assert.Equal(0, await hub.RunQueuesAsync());

        // Logged as the host logs a failed invocation: the function, "Failed", and the exception.
        var failures = hub.Logs.Lines.Where(line => line.Level == LogLevel.Error && line.Exception?.Message.Contains(message, StringComparison.Ordinal) == true).ToList();
        Assert.Equal(5, failures.Count);
        Assert.All(failures, line => Assert.StartsWith($"Executed 'Functions.{ProbeFollowUpFunction.Name}' (Failed, Id=", line.Text, StringComparison.Ordinal));
        Assert.Contains(hub.Logs.Lines, line => line.Level == LogLevel.Warning && line.Text == $"Message has reached MaxDequeueCount of 5. Moving message to queue '{FollowUpQueue.PoisonName}'.");
    }

    [Fact]
    public async Task A_message_not_in_base64_goes_as_it_is_to_the_poison_queue_without_holding_up_the_others()
    {
        var raw = new Azure.Storage.Queues.QueueServiceClient(hub.Storage.ConnectionString, new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.None });
        var plain = $"plain text {Entries.NewId()}";
        var good = $"good {Entries.NewId()}";
        await Queue.SendAsync("{}", visibilityDelay: null, CancellationToken.None); // makes the queue
        await hub.RunQueuesAsync();

        await raw.GetQueueClient(FollowUpQueue.Name).SendMessageAsync(plain);
        await Queue.SendAsync(good, visibilityDelay: null, CancellationToken.None);
        await hub.RunQueuesAsync();

        Assert.Contains(good, hub.Probe.Received);
        Assert.DoesNotContain(plain, hub.Probe.Received);
        Assert.Contains((await raw.GetQueueClient(FollowUpQueue.PoisonName).PeekMessagesAsync(32)).Value, message => message.Body.ToString() == plain);
        Assert.DoesNotContain((await raw.GetQueueClient(FollowUpQueue.Name).PeekMessagesAsync(32)).Value, message => message.Body.ToString() == plain);
        Assert.DoesNotContain((await Queue.PoisonedAsync(FollowUpQueue.MaxPeek, CancellationToken.None)).Messages, message => message.Text.Contains(plain, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_delayed_on_sending_waits_for_a_later_run()
    {
        var message = $"later {Entries.NewId()}";

        await Queue.SendAsync(message, TimeSpan.FromHours(1), CancellationToken.None);
        await hub.RunQueuesAsync();

        Assert.DoesNotContain(message, hub.Probe.Received);
    }

    [Fact]
    public async Task With_polling_on_messages_sent_while_the_host_is_idle_are_picked_up()
    {
        // A second host over the same storage that polls, as `dotnet run` does, with the hub's host.json.
        var probe = new QueueProbe();
        await using var polling = await HubServer.StartHostAsync(
            hub.Storage.ConnectionString,
            "",
            services =>
            {
                services.AddSingleton(probe);
                services.AddSingleton(FunctionCatalog.DiscoverQueues([typeof(IdleQueueFunction)]));
            },
            new Dictionary<string, string?> { ["Hub:RunQueues"] = "true" });
        var queue = polling.Api.Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(IdleQueueFunction.QueueName);
        await queue.CreateIfNotExistsAsync();
        var maxPolling = polling.Api.Services.GetRequiredService<Hub.LocalHost.Platform.HostQueueOptions>().MaxPollingInterval;

        var first = $"first {Entries.NewId()}";
        await queue.SendMessageAsync(first);
        Assert.True(await probe.WaitForAsync(first, TimeSpan.FromSeconds(30)), "the polling host never ran the first message");

        // Idle long enough for the listener to back off to its longest interval, then send again.
        await Task.Delay(maxPolling * 3);
        var second = $"second {Entries.NewId()}";
        await queue.SendMessageAsync(second);

        Assert.True(await probe.WaitForAsync(second, maxPolling + TimeSpan.FromSeconds(30)), "the idle host never picked up the second message");
        Assert.Equal([first, second], probe.Received);
    }
}

/// <summary>A queue function on a queue of its own, for the polling host.</summary>
public sealed class IdleQueueFunction(QueueProbe probe)
{
    public const string QueueName = "hub-test-idle";

    [Function("ProbeIdle")]
    public Task Run([QueueTrigger(QueueName)] string message) => probe.HandleAsync(message);
}
