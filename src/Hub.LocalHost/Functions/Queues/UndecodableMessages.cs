using Azure.Storage.Queues;

namespace Hub.LocalHost.Functions.Queues;

/// <summary>
/// A received message whose body is not in host.json's <c>messageEncoding</c> (a plain-text
/// message on a Base64 queue, say) can never be given to a function. As the Functions host does,
/// it is copied as it is to the queue's poison queue and deleted, rather than failing the whole
/// receive and coming back to block every batch.
/// </summary>
internal sealed partial class UndecodableMessages(QueueServiceClient raw, ILogger<UndecodableMessages> logger)
{
    public async Task MoveToPoisonAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message)
        {
            return;
        }

        var poisonName = QueueListener.PoisonQueueName(args.Queue.Name);
        LogUndecodable(logger, message.MessageId, args.Queue.Name, poisonName ?? "(none: left hidden)");
        if (poisonName is null)
        {
            return;
        }

        var poison = raw.GetQueueClient(poisonName);
        await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
        await raw.GetQueueClient(args.Queue.Name).DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on queue '{QueueName}' is not in host.json's messageEncoding; moving it as it is to '{PoisonQueueName}'")]
    private static partial void LogUndecodable(ILogger logger, string messageId, string queueName, string poisonQueueName);
}
