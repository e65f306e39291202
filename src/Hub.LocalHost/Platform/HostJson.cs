using System.Text.Json;

namespace Hub.LocalHost.Platform;

/// <summary>The parts of the function app's host.json that shape its HTTP surface, read as the Functions host reads them.</summary>
public sealed record HostJson(string RoutePrefix, IReadOnlyDictionary<string, string> CustomHeaders)
{
    public const string DefaultRoutePrefix = "api";

    public static HostJson Read(string path)
    {
        if (!File.Exists(path))
        {
            return new HostJson(DefaultRoutePrefix, new Dictionary<string, string>());
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!document.RootElement.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("http", out var http))
        {
            return new HostJson(DefaultRoutePrefix, new Dictionary<string, string>());
        }

        var prefix = http.TryGetProperty("routePrefix", out var routePrefix) ? routePrefix.GetString()?.Trim('/') ?? DefaultRoutePrefix : DefaultRoutePrefix;
        var headers = http.TryGetProperty("customHeaders", out var custom)
            ? custom.EnumerateObject().ToDictionary(header => header.Name, header => header.Value.GetString() ?? "", StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        return new HostJson(prefix, headers);
    }
}
