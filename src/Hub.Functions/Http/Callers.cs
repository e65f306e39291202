using Microsoft.AspNetCore.Http;

namespace Hub.Functions.Http;

/// <summary>What a request says about who sent it.</summary>
public static class Callers
{
    /// <summary>
    /// The client's address as Azure delivers it to the worker. The Functions host forwards each
    /// request with its own X-Forwarded-For (it replaces whatever the client wrote) and the worker
    /// applies that to RemoteIpAddress, so no header a client writes can change it. docs/local-host.md's
    /// "Local host and Azure" section says why.
    /// </summary>
    public static string ClientAddress(HttpRequest request)
        => request.HttpContext.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "unknown";

    /// <summary>The moderator's secret: <c>Authorization: Moderator &lt;secret&gt;</c>.</summary>
    public const string ModeratorScheme = "Moderator";

    /// <summary>A commenter's withdrawal token: <c>Authorization: Withdraw &lt;token&gt;</c>.</summary>
    public const string WithdrawScheme = "Withdraw";

    /// <summary>A signed-in commenter's token from the hub: <c>Authorization: Commenter &lt;token&gt;</c>.</summary>
    public const string CommenterScheme = "Commenter";

    /// <summary>
    /// The credential of an <c>Authorization</c> header in the given scheme, or null. A scheme per
    /// credential, not Bearer (which names an OAuth access token, and these are not): a withdrawal
    /// token can never pass for a moderator's secret or the other way round, and a 401 names in
    /// WWW-Authenticate the credential it wants. (The Functions host leaves a Bearer header on an
    /// anonymous route alone: checked under host 4.1037.)
    /// </summary>
    public static string? Credential(HttpRequest request, string scheme)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.Length > scheme.Length + 1
               && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
               && authorization[scheme.Length] == ' '
               && authorization[(scheme.Length + 1)..].Trim() is { Length: > 0 } credential
            ? credential
            : null;
    }
}
