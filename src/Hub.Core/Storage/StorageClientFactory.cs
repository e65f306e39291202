using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Hub.Core.Storage;

/// <summary>
/// Builds the Table Storage client from the function app's own storage setting, read the way
/// Azure Functions reads it: <c>AzureWebJobsStorage</c> as a connection string (the emulator,
/// locally), or the identity-based form <c>AzureWebJobsStorage__accountName</c> /
/// <c>__tableServiceUri</c> with <c>__clientId</c> for a user-assigned managed identity.
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

        var connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new TableServiceClient(connectionString, options);
        }

        var section = configuration.GetSection(SettingName);
        var serviceUri = section["tableServiceUri"] is { Length: > 0 } uri
            ? new Uri(uri)
            : section["accountName"] is { Length: > 0 } account
                ? new Uri($"https://{account}.table.core.windows.net")
                : throw new InvalidOperationException(
                    $"Storage is not configured: set {SettingName} to a connection string, or {SettingName}__accountName for an identity-based connection.");

        TokenCredential credential = section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
        return new TableServiceClient(serviceUri, credential, options);
    }
}
