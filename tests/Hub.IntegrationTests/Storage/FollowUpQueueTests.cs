using System.Text;
using Azure.Storage.Queues;
using Hub.Core.FollowUps;
using Hub.Core.Storage;
using Hub.LocalHost.Emulator;
using Hub.Testing;
using Microsoft.Extensions.Configuration;

namespace Hub.IntegrationTests.Storage;

public sealed class QueueEmulatorFixture : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    /// <summary>The queue service as the hub builds it from its storage setting.</summary>
    public QueueServiceClient Service { get; private set; } = null!;

    /// <summary>The same queues read without decoding, as bytes on the wire.</summary>
    public QueueServiceClient Raw { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await Emulator.StartAsync();
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageClientFactory.SettingName] = Azurite.ConnectionString })
            .Build();
        Service = StorageClientFactory.CreateQueueServiceClient(settings);
        Raw = new QueueServiceClient(Azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
    }

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}

public sealed class FollowUpQueueTests(QueueEmulatorFixture storage) : IClassFixture<QueueEmulatorFixture>
{
    private readonly FollowUpQueue _queue = new(storage.Service);

    [Fact]
    public async Task A_message_is_sent_Base64_encoded_as_the_queue_trigger_reads_it()
    {
        var text = $$"""{"entry":"{{Entries.NewId()}}","why":"ünïcode"}""";

        await _queue.SendAsync(text, visibilityDelay: null, CancellationToken.None);

        var received = await storage.Raw.GetQueueClient(FollowUpQueue.Name).ReceiveMessagesAsync(32);
        var wire = Assert.Single(received.Value, message => Encoding.UTF8.GetString(Convert.FromBase64String(message.Body.ToString())) == text);
        await storage.Raw.GetQueueClient(FollowUpQueue.Name).DeleteMessageAsync(wire.MessageId, wire.PopReceipt);
    }

    [Fact]
    public async Task A_delayed_message_cannot_be_received_before_its_delay()
    {
        var text = $$"""{"later":"{{Entries.NewId()}}"}""";

        await _queue.SendAsync(text, TimeSpan.FromHours(1), CancellationToken.None);

        var queue = storage.Service.GetQueueClient(FollowUpQueue.Name);
        Assert.DoesNotContain((await queue.PeekMessagesAsync(32)).Value, message => message.Body.ToString() == text);
        Assert.True((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount >= 1);
    }

    [Fact]
    public async Task Sending_after_the_queue_was_deleted_makes_it_again()
    {
        await _queue.SendAsync("{}", visibilityDelay: null, CancellationToken.None);
        await storage.Service.DeleteQueueAsync(FollowUpQueue.Name);

        var text = $$"""{"again":"{{Entries.NewId()}}"}""";
        await _queue.SendAsync(text, visibilityDelay: null, CancellationToken.None);

        var peeked = await storage.Service.GetQueueClient(FollowUpQueue.Name).PeekMessagesAsync(32);
        Assert.Contains(peeked.Value, message => message.Body.ToString() == text);
    }

    [Fact]
    public async Task The_poison_queue_is_listed_with_text_and_time_and_its_messages_stay()
    {
        var none = await _queue.PoisonedAsync(10, CancellationToken.None);
        Assert.Empty(none.Messages);
        Assert.Equal(0, none.ApproximateCount);

        // As the Functions host moves a message that failed maxDequeueCount times: its body, Base64.
        var poison = storage.Service.GetQueueClient(FollowUpQueue.PoisonName);
        await poison.CreateIfNotExistsAsync();
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        await poison.SendMessageAsync("""{"first":1}""");
        await poison.SendMessageAsync("""{"second":2}""");

        var listed = await _queue.PoisonedAsync(1, CancellationToken.None);
        var again = await _queue.PoisonedAsync(10, CancellationToken.None);

        var first = Assert.Single(listed.Messages);
        Assert.Equal("""{"first":1}""", first.Text);
        Assert.InRange(first.InsertedOn!.Value, before, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.True(first.ExpiresOn > first.InsertedOn);
        Assert.Equal(2, listed.ApproximateCount);
        Assert.Equal(["""{"first":1}""", """{"second":2}"""], again.Messages.Select(message => message.Text));
    }

    [Fact]
    public async Task A_peek_beyond_what_storage_returns_is_refused()
        => await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _queue.PoisonedAsync(FollowUpQueue.MaxPeek + 1, CancellationToken.None));
}
