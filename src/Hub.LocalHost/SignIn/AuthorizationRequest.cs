using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Primitives;

namespace Hub.LocalHost.SignIn;

/// <summary>
/// An authorization request (OpenID Connect Core §3.1.2.1) the stand-in issuer accepts: its client,
/// its registered redirect URI, the code flow with PKCE S256, a state, a nonce and the openid scope.
/// </summary>
public sealed record AuthorizationRequest(string RedirectUri, string Scope, string State, string Nonce, string CodeChallenge)
{
    /// <summary>
    /// Reads the request from the query (GET) or the form (POST). Anything wrong is refused with the
    /// reason, never sent to the redirect URI: it is not trusted until every parameter is.
    /// </summary>
    public static bool TryRead(
        IEnumerable<KeyValuePair<string, StringValues>> parameters, IssuerClient client,
        [NotNullWhen(true)] out AuthorizationRequest? request, [NotNullWhen(false)] out string? error)
    {
        var values = parameters.ToDictionary(parameter => parameter.Key, parameter => parameter.Value, StringComparer.Ordinal);
        request = null;
        error = values.FirstOrDefault(parameter => parameter.Value.Count > 1).Key is { } repeated ? $"{repeated} is given more than once."
            : One("client_id") != client.Id ? "client_id is not a client this issuer knows."
            : client.RedirectUri is null || One("redirect_uri") != client.RedirectUri ? "redirect_uri is not the client's registered redirect URI."
            : One("response_type") != "code" ? "response_type must be code."
            : !(One("scope") ?? "").Split(' ').Contains("openid") ? "scope must include openid."
            : string.IsNullOrEmpty(One("state")) ? "state is required."
            : string.IsNullOrEmpty(One("nonce")) ? "nonce is required."
            : One("code_challenge_method") != Pkce.Method || !Pkce.IsWellFormed(One("code_challenge")) ? "code_challenge is required, with code_challenge_method S256."
            : null;
        if (error is null)
        {
            request = new AuthorizationRequest(client.RedirectUri!, One("scope")!, One("state")!, One("nonce")!, One("code_challenge")!);
        }

        return error is null;

        string? One(string name) => values.TryGetValue(name, out var value) ? value.ToString() : null;
    }

    /// <summary>The parameters again, as the form's hidden fields carry them to the POST.</summary>
    public IEnumerable<KeyValuePair<string, string>> Parameters(IssuerClient client) =>
    [
        new("client_id", client.Id),
        new("redirect_uri", RedirectUri),
        new("response_type", "code"),
        new("scope", Scope),
        new("state", State),
        new("nonce", Nonce),
        new("code_challenge", CodeChallenge),
        new("code_challenge_method", Pkce.Method),
    ];
}
