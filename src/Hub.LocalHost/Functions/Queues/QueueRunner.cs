using Azure.Storage.Queues;
using Hub.Core.Storage;
using Hub.LocalHost.Platform;

namespace Hub.LocalHost.Functions.Queues;

/// <summary>
/// Runs the queue-triggered functions against the storage account's queue service (Azurite,
/// locally) as the Functions host does: a listener per function, polling with the host's
/// algorithm and host.json's <c>extensions.queues</c> settings. Every function is checked when
/// this is built, so one the local host cannot call stops start-up. Tests and the benchmark turn
/// the polling off (<c>Hub:RunQueues=false</c>) and call <see cref="ProcessVisibleAsync"/> on cue.
/// </summary>
public sealed class QueueRunner : BackgroundService
{
    private readonly IReadOnlyList<QueueListener> _listeners;

    public QueueRunner(IServiceProvider services, IReadOnlyList<QueueFunction> functions, HostQueueOptions options, IConfiguration configuration, TimeProvider clock, ILoggerFactory loggers)
    {
        Functions = functions;
        Options = options;

        // The host's own clients, as its queue extension builds them from the trigger's connection:
        // one decoding as host.json says, and a message it cannot decode moved as it is to the
        // poison queue by one that does not decode.
        var raw = StorageClientFactory.CreateQueueServiceClient(configuration, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var decoding = new QueueClientOptions { MessageEncoding = options.MessageEncoding };
        decoding.MessageDecodingFailed += new UndecodableMessages(raw, loggers.CreateLogger<UndecodableMessages>()).MoveToPoisonAsync;
        var service = StorageClientFactory.CreateQueueServiceClient(configuration, decoding);
        _listeners = [.. functions.Select(function => new QueueListener(new QueueInvoker(function), service, options, services, clock, loggers))];
    }

    public IReadOnlyList<QueueFunction> Functions { get; }

    public HostQueueOptions Options { get; }

    /// <summary>
    /// Handles every message visible now on every trigger's queue, and what those functions sent
    /// meanwhile, until a round finds none; returns how many messages it handled (a retry counts
    /// again; a message moved to the poison queue counts). A message hidden by its delay or by
    /// <c>visibilityTimeout</c> after a failure waits for a later call.
    /// </summary>
    public async Task<int> ProcessVisibleAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int round;
        do
        {
            round = 0;
            foreach (var listener in _listeners)
            {
                round += await listener.ProcessVisibleAsync(cancellationToken);
            }

            total += round;
        }
        while (round > 0);

        return total;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(_listeners.Select(listener => Task.Run(() => listener.RunAsync(stoppingToken), CancellationToken.None)));
}
