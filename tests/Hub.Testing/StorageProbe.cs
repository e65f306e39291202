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
    private readonly List<StorageService> _services = [];
    private (int Blob, int Queue, int Table)? _ports;
    private Func<HttpMessage, bool>? _failNext;
    private bool _recording;

    /// <summary>Records the method and decoded URL of every storage request until <see cref="StopRecording"/>.</summary>
    public void StartRecording()
    {
        lock (_requests)
        {
            _requests.Clear();
            _services.Clear();
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

    /// <summary>
    /// Stops recording and counts what was recorded by the service each request went to (tables,
    /// blobs, queues), told apart by the emulator's port for each (<see cref="KnowEndpoints"/>).
    /// Called after <see cref="StopRecording"/>, it counts that same recording.
    /// </summary>
    public StorageCounts StopCounting()
    {
        lock (_requests)
        {
            _recording = false;
            return new StorageCounts(
                _services.Count(service => service == StorageService.Table),
                _services.Count(service => service == StorageService.Blob),
                _services.Count(service => service == StorageService.Queue),
                _services.Count(service => service == StorageService.Unknown));
        }
    }

    /// <summary>The emulator whose ports tell a table request from a blob or a queue request.</summary>
    public void KnowEndpoints(Hub.LocalHost.Emulator.AzuriteProcess storage)
        => _ports = (storage.BlobEndpoint.Port, storage.QueueEndpoint.Port, storage.TableEndpoint.Port);

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

    private StorageService ServiceOf(HttpMessage message)
    {
        var port = message.Request.Uri.Port;
        return _ports switch
        {
            { Table: var table } when port == table => StorageService.Table,
            { Blob: var blob } when port == blob => StorageService.Blob,
            { Queue: var queue } when port == queue => StorageService.Queue,
            _ => StorageService.Unknown,
        };
    }

    private void Check(HttpMessage message)
    {
        lock (_requests)
        {
            if (_recording)
            {
                _requests.Add($"{message.Request.Method} {Uri.UnescapeDataString(message.Request.Uri.ToUri().PathAndQuery)}");
                _services.Add(ServiceOf(message));
            }
        }

        var match = _failNext;
        if (match is not null && match(message) && Interlocked.CompareExchange(ref _failNext, null, match) == match)
        {
            throw new RequestFailedException(503, "Injected failure: the process stopped before this request.");
        }
    }
}

/// <summary>The storage service a request went to.</summary>
public enum StorageService
{
    Table,
    Blob,
    Queue,

    /// <summary>The probe was not told the emulator's endpoints (<see cref="StorageProbe.KnowEndpoints"/>).</summary>
    Unknown,
}

/// <summary>Storage requests counted by service.</summary>
public readonly record struct StorageCounts(int Tables, int Blobs, int Queues, int Unknown = 0)
{
    public int Total => Tables + Blobs + Queues + Unknown;

    public static StorageCounts operator +(StorageCounts left, StorageCounts right)
        => new(left.Tables + right.Tables, left.Blobs + right.Blobs, left.Queues + right.Queues, left.Unknown + right.Unknown);
}

/// <summary>The local host with storage clients (tables, blobs and queues) that can be made to fail on cue (or watched: the benchmark runs one with the queue trigger polling).</summary>
public class FaultyHubServer : HubServer
{
    public StorageProbe Probe { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        Probe.KnowEndpoints(Storage);
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
