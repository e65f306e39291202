using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Hub.LocalHost.SignIn;

/// <summary>
/// One client a stand-in knows: the hub's API, registered as it would be with a real provider
/// (client id, a secret made new on each start, one redirect URI), for the provider id the local
/// host configures (<see cref="ProviderId"/>, so the API's callback is <c>/api/auth/{id}/callback</c>).
/// </summary>
public sealed class IssuerClient(string providerId = IssuerClient.LocalProviderId, string id = "hub-local")
{
    /// <summary>The stand-in OpenID Connect issuer's provider id.</summary>
    public const string LocalProviderId = "local";

    public const string ProviderName = "Local test sign-in";

    public string ProviderId { get; } = providerId;

    public string CallbackPath => $"/api/auth/{ProviderId}/callback";

    public string Id { get; } = id;

    public string Secret { get; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The registered redirect URI, compared exactly as Google and Entra ID compare theirs. The API's
    /// origin is known only once it listens (tests give it port 0), so the local host registers it
    /// then (<see cref="StandInIssuer.AcceptCallbacksTo"/>); until then every authorize request is refused.
    /// </summary>
    public string? RedirectUri { get; set; }

    /// <summary>Compares hashes in constant time, so neither the secret's content nor its length shows in the timing.</summary>
    public bool HasSecret(string? secret)
        => secret is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), SHA256.HashData(Encoding.UTF8.GetBytes(Secret)));
}
