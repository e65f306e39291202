using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Hub.Core.Storage;

/// <summary>
/// Builds storage clients from the function app's own storage setting, read the way Azure
/// Functions reads it: <c>AzureWebJobsStorage</c> as a connection string (the emulator, locally),
/// or the identity-based form <c>AzureWebJobsStorage__accountName</c> / <c>__tableServiceUri</c> /
/// <c>__blobServiceUri</c> with <c>__clientId</c> for a user-assigned managed identity.
/// </summary>
public static class StorageClientFactory
{
    public const string SettingName = "AzureWebJobsStorage";

    public static TableServiceClient CreateTableServiceClient(IConfiguration configuration)
    {
        var options = new TableClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);

        return ConnectionString(configuration) is { } connectionString
            ? new TableServiceClient(connectionString, options)
            : new TableServiceClient(ServiceUri(configuration, "table"), Credential(configuration), options);
    }

    /// <summary>The connection string, when storage is configured by one.</summary>
    public static string? ConnectionString(IConfiguration configuration)
        => configuration[SettingName] is { Length: > 0 } connectionString && !string.IsNullOrWhiteSpace(connectionString) ? connectionString : null;

    /// <summary>The endpoint of one storage service ("table", "blob") for an identity-based connection.</summary>
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
}
