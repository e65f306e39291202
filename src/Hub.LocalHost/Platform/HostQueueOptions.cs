using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;

namespace Hub.LocalHost.Platform;

/// <summary>
/// host.json's <c>extensions.queues</c>, with the defaults and limits of the Functions host's queue
/// extension (<c>QueuesOptions</c> in Microsoft.Azure.WebJobs.Extensions.Storage.Queues 5.x). As
/// in Azure, an app setting <c>AzureFunctionsJobHost__extensions__queues__{name}</c> overrides the
/// file. A value the host would refuse stops start-up here too.
/// </summary>
public sealed record HostQueueOptions(
    int BatchSize,
    int NewBatchThreshold,
    TimeSpan MaxPollingInterval,
    TimeSpan VisibilityTimeout,
    int MaxDequeueCount,
    QueueMessageEncoding MessageEncoding)
{
    public const int DefaultBatchSize = 16;

    /// <summary>Storage returns at most this many messages for one receive.</summary>
    public const int MaxBatchSize = 32;

    public const int DefaultMaxDequeueCount = 5;

    /// <summary>The shortest wait between two polls of an empty queue.</summary>
    public static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan DefaultMaxPollingInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a received message stays hidden while its function runs; renewed at half-time
    /// for as long as it runs. Fixed in the host, not a setting.
    /// </summary>
    public static readonly TimeSpan MessageLease = TimeSpan.FromMinutes(10);

    private const string OverridePrefix = "AzureFunctionsJobHost:extensions:queues";

    /// <summary>The host's defaults on a machine with <paramref name="processorCount"/> cores.</summary>
    public static HostQueueOptions Defaults(int processorCount)
        => new(DefaultBatchSize, DefaultBatchSize / 2 * processorCount, DefaultMaxPollingInterval, TimeSpan.Zero, DefaultMaxDequeueCount, QueueMessageEncoding.Base64);

    public static HostQueueOptions Read(string hostJsonPath, IConfiguration configuration)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(hostJsonPath))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("queues", out var queues))
            {
                foreach (var setting in queues.EnumerateObject())
                {
                    settings[setting.Name] = setting.Value.ValueKind == JsonValueKind.String ? setting.Value.GetString()! : setting.Value.GetRawText();
                }
            }
        }

        foreach (var setting in configuration.GetSection(OverridePrefix).GetChildren())
        {
            if (setting.Value is not null)
            {
                settings[setting.Key] = setting.Value;
            }
        }

        return From(settings, Environment.ProcessorCount);
    }

    /// <summary>Settings by their host.json names (case-insensitive), over the host's defaults.</summary>
    public static HostQueueOptions From(IReadOnlyDictionary<string, string> settings, int processorCount)
    {
        var defaults = Defaults(processorCount);
        var batchSize = Number(settings, "batchSize", defaults.BatchSize);
        if (batchSize is < 1 or > MaxBatchSize)
        {
            throw Invalid("batchSize", $"must be from 1 to {MaxBatchSize}");
        }

        var threshold = Number(settings, "newBatchThreshold", batchSize / 2 * processorCount);
        if (threshold < 0)
        {
            throw Invalid("newBatchThreshold", "must not be negative");
        }

        var maxPolling = Duration(settings, "maxPollingInterval", defaults.MaxPollingInterval);
        if (maxPolling < MinimumPollingInterval)
        {
            throw Invalid("maxPollingInterval", $"must not be less than {MinimumPollingInterval}");
        }

        var visibility = Duration(settings, "visibilityTimeout", defaults.VisibilityTimeout);
        if (visibility < TimeSpan.Zero)
        {
            throw Invalid("visibilityTimeout", "must not be negative");
        }

        var maxDequeue = Number(settings, "maxDequeueCount", defaults.MaxDequeueCount);
        if (maxDequeue < 1)
        {
            throw Invalid("maxDequeueCount", "must not be less than 1");
        }

        var encoding = settings.TryGetValue("messageEncoding", out var named)
            ? Enum.TryParse<QueueMessageEncoding>(named, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw Invalid("messageEncoding", "must be \"base64\" or \"none\"")
            : defaults.MessageEncoding;

        return new HostQueueOptions(batchSize, threshold, maxPolling, visibility, maxDequeue, encoding);
    }

    private static int Number(IReadOnlyDictionary<string, string> settings, string name, int fallback)
        => !settings.TryGetValue(name, out var text)
            ? fallback
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(name, "must be a whole number");

    /// <summary>A duration as host.json writes it, "hh:mm:ss" (or "d.hh:mm:ss").</summary>
    private static TimeSpan Duration(IReadOnlyDictionary<string, string> settings, string name, TimeSpan fallback)
        => !settings.TryGetValue(name, out var text)
            ? fallback
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(name, "must be a duration such as \"00:00:02\"");

    private static InvalidOperationException Invalid(string name, string rule)
        => new($"host.json extensions.queues.{name} {rule}.");
}
