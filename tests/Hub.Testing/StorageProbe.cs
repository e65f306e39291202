using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Testing;

/// <summary>
/// Watches the hub's storage requests: records them, or makes one chosen request fail before it
/// leaves the process, as if the function had
/// died at that point (the requests before it happened; it and those after it did not).
/// Storage itself is the real emulator.
/// </summary>
public sealed class StorageProbe : HttpPipelinePolicy
{
    private readonly List<string> _requests = [];
    private Func<HttpMessage, bool>? _failNext;
    private bool _recording;

    /// <summary>Records the method and decoded URL of every storage request until <see cref="StopRecording"/>.</summary>
    public void StartRecording()
    {
        lock (_requests)
        {
            _requests.Clear();
            _recording = true;
        }
    }

    public IReadOnlyList<string> StopRecording()
    {
        lock (_requests)
        {
            _recording = false;
            return [.. _requests];
        }
    }

    public void FailNext(Func<HttpMessage, bool> match) => _failNext = match;

    /// <summary>Lets the next request <paramref name="match"/> names reach storage, then loses its answer (a timeout, as the client sees it).</summary>
    public void LoseAnswerOfNext(Func<HttpMessage, bool> match) => _loseAnswer = match;

    private Func<HttpMessage, bool>? _loseAnswer;

    public bool Armed => _failNext is not null;

    /// <summary>Whether the answer <see cref="LoseAnswerOfNext"/> asked for is still to be lost.</summary>
    public bool LosingAnswer => _loseAnswer is not null;

    public void Disarm() => _failNext = null;

    public static bool IsTransaction(HttpMessage message)
        => message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);

    /// <summary>A transaction on <paramref name="table"/> (a batch names its table only in its body).</summary>
    public static bool IsTransactionOn(HttpMessage message, string table)
    {
        if (!IsTransaction(message) || message.Request.Content is null)
        {
            return false;
        }

        using var body = new MemoryStream();
        message.Request.Content.WriteTo(body, CancellationToken.None);
        var text = System.Text.Encoding.UTF8.GetString(body.ToArray());
        return text.Contains($"/{table}(", StringComparison.Ordinal) || text.Contains($"/{table} ", StringComparison.Ordinal) || text.Contains($"/{table}?", StringComparison.Ordinal);
    }

    /// <summary>A message sent to a storage queue (the follow-up's).</summary>
    public static bool IsQueueSend(HttpMessage message)
        => message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal);

    /// <summary>Fails the request <paramref name="skip"/> requests from now (0: the next one), counting those <paramref name="counted"/> names (all, when null).</summary>
    public void FailAfter(int skip, Func<HttpMessage, bool>? counted = null)
    {
        var seen = -1;
        FailNext(message => (counted?.Invoke(message) ?? true) && Interlocked.Increment(ref seen) == skip);
    }

    /// <summary>A request to the site's files or to the Pages table: the page renders.</summary>
    public static bool IsPageRender(HttpMessage message)
        => message.Request.Uri.Path.Contains("/$web", StringComparison.Ordinal)
           || message.Request.Uri.Path.Contains("/Pages", StringComparison.Ordinal)
           || IsTransactionOn(message, "Pages");

    public static bool IsDeleteFrom(HttpMessage message, string table)
        => message.Request.Method == RequestMethod.Delete && message.Request.Uri.Path.Contains($"/{table}(", StringComparison.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        var lose = _loseAnswer;
        var losing = lose is not null && lose(message) && Interlocked.CompareExchange(ref _loseAnswer, null, lose) == lose;
        await ProcessNextAsync(message, pipeline);
        if (losing)
        {
            throw new TaskCanceledException("Injected: the request reached storage, and its answer was lost.");
        }
    }

    private void Check(HttpMessage message)
    {
        lock (_requests)
        {
            if (_recording)
            {
                _requests.Add($"{message.Request.Method} {Uri.UnescapeDataString(message.Request.Uri.ToUri().PathAndQuery)}");
            }
        }

        var match = _failNext;
        if (match is not null && match(message) && Interlocked.CompareExchange(ref _failNext, null, match) == match)
        {
            throw new RequestFailedException(503, "Injected failure: the process stopped before this request.");
        }
    }
}

/// <summary>The local host with storage clients (tables, blobs and queues) that can be made to fail on cue (or watched: the benchmark runs one with the queue trigger polling).</summary>
public class FaultyHubServer : HubServer
{
    public StorageProbe Probe { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        var options = new TableClientOptions();
        options.AddPolicy(Probe, HttpPipelinePosition.PerCall);
        services.AddSingleton(new TableServiceClient(Storage.ConnectionString, options));
        var blobOptions = new Azure.Storage.Blobs.BlobClientOptions();
        blobOptions.AddPolicy(Probe, HttpPipelinePosition.PerCall);
        services.AddSingleton(new Azure.Storage.Blobs.BlobServiceClient(Storage.ConnectionString, blobOptions));
        var queueOptions = new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(Probe, HttpPipelinePosition.PerCall);
        services.AddSingleton(new Azure.Storage.Queues.QueueServiceClient(Storage.ConnectionString, queueOptions));
    }
}
