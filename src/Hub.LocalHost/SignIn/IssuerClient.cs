using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Hub.LocalHost.SignIn;

/// <summary>
/// The one client the stand-in issuer knows: the hub's API, registered as it would be with a real
/// provider (client id, a secret made new on each start, one redirect URI).
/// </summary>
public sealed class IssuerClient
{
    /// <summary>The provider id the local host configures, so the API's callback is <c>/api/auth/local/callback</c>.</summary>
    public const string ProviderId = "local";

    public const string ProviderName = "Local test sign-in";

    public const string CallbackPath = "/api/auth/" + ProviderId + "/callback";

    public string Id { get; } = "hub-local";

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
