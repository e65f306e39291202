using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Hub.Functions.Http;

/// <summary>Who is calling: the moderator's key name for the audit log, and the client's address for the flood check.</summary>
public sealed class Callers(IConfiguration configuration)
{
    /// <summary>The claim Azure Functions puts on a request authorized by a function key: the key's name.</summary>
    public const string KeyIdClaim = "http://schemas.microsoft.com/2017/07/functions/claims/keyid";

    public const string UnnamedKey = "function-key";

    public static string ModeratorName(HttpRequest request)
        => request.HttpContext.User.FindFirst(KeyIdClaim)?.Value is { Length: > 0 } name ? name : UnnamedKey;

    /// <summary>
    /// The client's address. Behind a front end (Azure's) the socket peer is the proxy, so the
    /// setting <c>Hub:ClientAddressHeader</c> (X-Forwarded-For in Azure) names the header to read.
    /// </summary>
    public string ClientAddress(HttpRequest request)
    {
        if (configuration["Hub:ClientAddressHeader"] is { Length: > 0 } header
            && request.Headers[header].ToString().Split(',')[0].Trim() is { Length: > 0 } forwarded)
        {
            return IPEndPoint.TryParse(forwarded, out var endpoint) ? endpoint.Address.ToString() : forwarded;
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
