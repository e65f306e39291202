using System.Text.Json;

namespace Hub.Functions.Auth;

/// <summary>How the hub proves it is the registered client at a kind's token endpoint (RFC 6749 §2.3.1).</summary>
public enum ClientAuthentication
{
    /// <summary><c>client_id</c> and <c>client_secret</c> in the form body (<c>client_secret_post</c>).</summary>
    PostBody,

    /// <summary><c>Authorization: Basic</c> with the form-encoded id and secret (<c>client_secret_basic</c>).</summary>
    BasicHeader,
}

/// <summary>Who the provider's user-info answer says signed in: its stable id, and the names it offers.</summary>
public sealed record OAuthUser(string Id, string? DisplayName, string? Login);

/// <summary>
/// One OAuth 2.0 provider the hub knows by name (<see cref="Hub.Core.Settings.SignInKinds"/>): its
/// production endpoints, fixed here and checked against its documentation (docs/sign-in.md), the
/// scopes it is asked for (never an email), whether it takes PKCE, how the client authenticates at
/// its token endpoint, and how its user-info answer names the person.
/// </summary>
public sealed record OAuthKind(
    string Name,
    string DisplayName,
    Uri AuthorizationEndpoint,
    Uri TokenEndpoint,
    Uri UserInfoEndpoint,
    string Scope,
    bool Pkce,
    ClientAuthentication ClientAuthentication,
    string LoginHintParameter,
    Func<JsonElement, OAuthUser?> ReadUser);
