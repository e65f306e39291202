using Hub.Functions;
using Hub.LocalHost.Functions;
using Hub.LocalHost.Functions.Queues;
using Microsoft.Azure.Functions.Worker;

namespace Hub.UnitTests.Queues;

public static class GoodQueueFunction
{
    [Function("Good")]
    public static Task Run([QueueTrigger("good-queue")] string message, CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class BinaryQueueFunction
{
    [Function("Binary")]
    public static Task Run([QueueTrigger("binary-queue")] BinaryData message) => Task.CompletedTask;
}

public static class ContextQueueFunction
{
    [Function("WithContext")]
    public static Task Run([QueueTrigger("context-queue")] string message, FunctionContext context) => Task.CompletedTask;
}

public static class MetadataQueueFunction
{
    [Function("WithDequeueCount")]
    public static Task Run([QueueTrigger("metadata-queue")] string message, long dequeueCount) => Task.CompletedTask;
}

public static class OtherAccountQueueFunction
{
    [Function("OtherAccount")]
    public static Task Run([QueueTrigger("other-queue", Connection = "OtherStorage")] string message) => Task.CompletedTask;
}

/// <summary>Which queue functions the local host finds, and which it refuses before taking a message.</summary>
public sealed class QueueFunctionTests
{
    [Fact]
    public void A_queue_function_is_found_by_its_trigger_with_the_default_connection()
    {
        var function = Assert.Single(FunctionCatalog.DiscoverQueues([typeof(GoodQueueFunction)]));

        Assert.Equal(("Good", "good-queue", "AzureWebJobsStorage"), (function.Name, function.QueueName, function.Connection));
        _ = new QueueInvoker(function);
    }

    [Fact]
    public void The_app_queue_functions_can_all_be_called_by_the_local_host()
    {
        foreach (var function in FunctionCatalog.DiscoverQueues(typeof(HubServices).Assembly))
        {
            _ = new QueueInvoker(function);
        }
    }

    [Theory]
    [InlineData(typeof(BinaryQueueFunction), "parameter 'message' (BinaryData): the trigger must be a string")]
    [InlineData(typeof(ContextQueueFunction), "parameter 'context' (FunctionContext)")]
    [InlineData(typeof(MetadataQueueFunction), "parameter 'dequeueCount' (Int64)")]
    [InlineData(typeof(OtherAccountQueueFunction), "'OtherStorage'")]
    public void A_function_the_local_host_cannot_call_is_refused_naming_what(Type functions, string what)
    {
        var function = Assert.Single(FunctionCatalog.DiscoverQueues([functions]));

        var refused = Assert.Throws<NotSupportedException>(() => new QueueInvoker(function));

        Assert.Contains($"cannot run {function.Name}", refused.Message, StringComparison.Ordinal);
        Assert.Contains(what, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hub-follow-ups", "hub-follow-ups-poison")]
    [InlineData("hub-follow-ups-poison", null)]
    [InlineData("a23456789012345678901234567890123456789012345678901234567", null)] // 57 + 7 > 63
    public void Each_queue_has_the_poison_queue_the_host_pairs_with_it(string queue, string? poison)
        => Assert.Equal(poison, QueueListener.PoisonQueueName(queue));
}

/// <summary>How long an idle queue listener waits between polls, as the host's back-off decides it.</summary>
public sealed class PollingBackoffTests
{
    private static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Maximum = TimeSpan.FromSeconds(2);

    [Fact]
    public void An_empty_queue_is_polled_less_and_less_often_up_to_the_maximum()
    {
        var backoff = new PollingBackoff(Minimum, Maximum, new Random(17));

        var waits = Enumerable.Range(0, 12).Select(_ => backoff.Next(foundMessages: false)).ToList();

        Assert.Equal(Minimum, waits[0]);
        Assert.All(waits.Zip(waits.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.Equal(Maximum, waits[^1]);
        Assert.All(waits, wait => Assert.InRange(wait, Minimum, Maximum));
    }

    [Fact]
    public void Finding_messages_brings_the_next_poll_back_to_the_minimum()
    {
        var backoff = new PollingBackoff(Minimum, Maximum, new Random(17));
        for (var poll = 0; poll < 12; poll++)
        {
            backoff.Next(foundMessages: false);
        }

        Assert.Equal(Minimum, backoff.Next(foundMessages: true));
        Assert.InRange(backoff.Next(foundMessages: false), Minimum + (Minimum * 0.8), Minimum + (Minimum * 1.2));
    }
}
