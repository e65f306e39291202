using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Hub.LocalHost.SignIn;

/// <summary>What a code was issued for: who signed in, and what the token request must repeat or prove.</summary>
public sealed record SignInGrant(string Name, string RedirectUri, string CodeChallenge, string Nonce, string Scope = "");

/// <summary>
/// The codes the authorize endpoint hands out, in memory: each is redeemed at most once (a second
/// try, even a failed one, finds nothing) and only within <see cref="Lifetime"/>, as RFC 6749 §4.1.2 asks.
/// </summary>
public sealed class AuthorizationCodes(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    /// <summary>Codes for a client nobody else may redeem, with the same rules.</summary>
    public static AuthorizationCodes ForOneClient() => new(TimeProvider.System);

    private readonly ConcurrentDictionary<string, (SignInGrant Grant, DateTimeOffset Expires)> _codes = new(StringComparer.Ordinal);

    public string Issue(SignInGrant grant)
    {
        var now = clock.GetUtcNow();
        // Codes never redeemed are dropped as new ones are issued, so the store stays as small as a minute's sign-ins.
        foreach (var stale in _codes.Where(code => code.Value.Expires <= now))
        {
            _codes.TryRemove(stale);
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = (grant, now + Lifetime);
        return code;
    }

    public SignInGrant? Redeem(string? code)
        => code is not null && _codes.TryRemove(code, out var issued) && issued.Expires > clock.GetUtcNow() ? issued.Grant : null;
}
