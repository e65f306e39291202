using System.Text.Json;

namespace Hub.LocalHost.Functions;

/// <summary>The parts of the function app's host.json that shape its HTTP surface.</summary>
public static class HostSettings
{
    public const string DefaultRoutePrefix = "api";

    public static string RoutePrefix(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath))
        {
            return DefaultRoutePrefix;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return document.RootElement.TryGetProperty("extensions", out var extensions)
               && extensions.TryGetProperty("http", out var http)
               && http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString()?.Trim('/') ?? DefaultRoutePrefix
            : DefaultRoutePrefix;
    }
}
