using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Hub.Core.Storage;

/// <summary>
/// Builds storage clients from the function app's own storage setting, read the way Azure
/// Functions reads it: <c>AzureWebJobsStorage</c> as a connection string (the emulator, locally),
/// or the identity-based form <c>AzureWebJobsStorage__accountName</c> / <c>__tableServiceUri</c> /
/// <c>__blobServiceUri</c> / <c>__queueServiceUri</c> with <c>__clientId</c> for a user-assigned
/// managed identity.
/// </summary>
public static class StorageClientFactory
{
    public const string SettingName = "AzureWebJobsStorage";

    public static TableServiceClient CreateTableServiceClient(IConfiguration configuration)
    {
        var options = new TableClientOptions();
        ConfigureRetries(options.Retry);
        options.AddPolicy(new TableServerTimeout(), HttpPipelinePosition.PerCall);
        return ConnectionString(configuration) is { } connectionString
            ? new TableServiceClient(connectionString, options)
            : new TableServiceClient(ServiceUri(configuration, "table"), Credential(configuration), options);
    }

    /// <summary>
    /// The queue service, with message bodies Base64-encoded unless <paramref name="options"/> say
    /// otherwise: what the Functions host's queue extension expects (host.json
    /// <c>extensions.queues.messageEncoding</c>), so a message this client sends is one a queue
    /// trigger can read. The retries are the tables'.
    /// </summary>
    public static QueueServiceClient CreateQueueServiceClient(IConfiguration configuration, QueueClientOptions? options = null)
    {
        if (options is null)
        {
            options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };

            // A message some other sender wrote in plain text cannot be decoded: leave it out of a
            // peek or receive (it stays in the queue, and in its count) rather than fail the call.
            options.MessageDecodingFailed += _ => Task.CompletedTask;
        }

        ConfigureRetries(options.Retry);
        return ConnectionString(configuration) is { } connectionString
            ? new QueueServiceClient(connectionString, options)
            : new QueueServiceClient(ServiceUri(configuration, "queue"), Credential(configuration), options);
    }

    /// <summary>The blob service: the site's <c>$web</c> container (Hub.Site) and the search index's snapshot.</summary>
    public static BlobServiceClient CreateBlobServiceClient(IConfiguration configuration)
        => ConnectionString(configuration) is { } connectionString
            ? new BlobServiceClient(connectionString)
            : new BlobServiceClient(ServiceUri(configuration, "blob"), Credential(configuration));

    /// <summary>The connection string, when storage is configured by one.</summary>
    public static string? ConnectionString(IConfiguration configuration)
        => configuration[SettingName] is { Length: > 0 } connectionString && !string.IsNullOrWhiteSpace(connectionString) ? connectionString : null;

    /// <summary>The endpoint of one storage service ("table", "blob", "queue") for an identity-based connection.</summary>
    public static Uri ServiceUri(IConfiguration configuration, string service)
    {
        var section = configuration.GetSection(SettingName);
        return section[service + "ServiceUri"] is { Length: > 0 } uri
            ? new Uri(uri)
            : section["accountName"] is { Length: > 0 } account
                ? new Uri($"https://{account}.{service}.core.windows.net")
                : throw new InvalidOperationException(
                    $"Storage is not configured: set {SettingName} to a connection string, or {SettingName}__accountName for an identity-based connection.");
    }

    /// <summary>The managed identity named by <c>__clientId</c>, else whoever DefaultAzureCredential finds (a maintainer's az login).</summary>
    public static TokenCredential Credential(IConfiguration configuration)
        => configuration.GetSection(SettingName)["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();

    /// <summary>A few quick retries: a request waits at most a few seconds on a storage hiccup before it answers 503.</summary>
    private static void ConfigureRetries(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 3;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(10);
    }
}
