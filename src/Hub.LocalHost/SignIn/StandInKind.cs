using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Hub.Functions.Auth;

namespace Hub.LocalHost.SignIn;

/// <summary>Whether a provider takes PKCE: demands it (X), checks it when sent (GitHub, Facebook), or does not offer it.</summary>
public enum PkcePolicy
{
    Required,
    Optional,
    NotOffered,
}

/// <summary>
/// What one OAuth 2.0 provider checks, as its documentation says (docs/sign-in.md), for the
/// stand-in that plays it: the client authentication it accepts, PKCE, the scopes its user-info
/// endpoint needs, its quirks (GitHub's token errors come with 200; its API wants a User-Agent),
/// and its user-info answer's JSON shape. The addresses are the hub's <see cref="OAuthKind"/>'s
/// own paths, under <c>/{kind}</c> on the stand-in's origin (<see cref="OAuthEndpoints.StandIns"/>).
/// </summary>
public sealed record StandInKind(
    OAuthKind Kind,
    IReadOnlyCollection<CredentialMethod> ClientAuthentications,
    PkcePolicy Pkce,
    IReadOnlyList<string> RequiredScopes,
    bool ErrorsWithOk,
    bool UserAgentRequired,
    Func<StandInUser, object> UserInfo)
{
    public string ProviderId => "local-" + Kind.Name;

    public string ProviderName => $"{Kind.DisplayName} (local stand-in)";

    public string Path(Uri production) => $"/{Kind.Name}{production.AbsolutePath}";
}

/// <summary>Someone signed in at a stand-in: the name typed, and the stable id and login a real provider would hold for them.</summary>
public sealed partial record StandInUser(string Name)
{
    /// <summary>The same number for a name however it is capitalized, as a provider's id is the same on every sign-in.</summary>
    public long Id => (long)(BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(Name.ToLowerInvariant()))) % 1_000_000_000_000UL) + 1;

    public string Login => LoginCharacters().Replace(Name.ToLowerInvariant(), "-").Trim('-') is { Length: > 0 } login ? login : "user" + Id;

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex LoginCharacters();
}

public static class StandInKinds
{
    public static IReadOnlyList<StandInKind> All { get; } =
    [
        // WordPress.com: the secret in the form; no PKCE on /oauth2/; /rest/v1/me answers ID (a number), display_name, username, and an email the hub never keeps.
        new(OAuthKinds.WordPressCom, [CredentialMethod.Post], PkcePolicy.NotOffered, ["auth"], ErrorsWithOk: false, UserAgentRequired: false,
            user => new { ID = user.Id, display_name = user.Name, username = user.Login, email = user.Login + "@example.invalid", primary_blog = 0 }),

        // GitHub: client_id and client_secret in the form; PKCE S256 when sent; no scope needed for /user; token errors with 200; a User-Agent required.
        new(OAuthKinds.GitHub, [CredentialMethod.Post], PkcePolicy.Optional, [], ErrorsWithOk: true, UserAgentRequired: true,
            user => new { login = user.Login, id = user.Id, node_id = "U_" + user.Id, type = "User", name = user.Name }),

        // Facebook: the secret in the form; PKCE S256 when sent; /me answers the fields asked for (id and name by default).
        new(OAuthKinds.Facebook, [CredentialMethod.Post], PkcePolicy.Optional, [], ErrorsWithOk: false, UserAgentRequired: false,
            user => new { id = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), name = user.Name }),

        // X: a confidential client authenticates with Basic only; PKCE required; users.read and tweet.read for /2/users/me.
        new(OAuthKinds.X, [CredentialMethod.Basic], PkcePolicy.Required, ["users.read", "tweet.read"], ErrorsWithOk: false, UserAgentRequired: false,
            user => new { data = new { id = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), name = user.Name, username = user.Login } }),
    ];
}
