using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Functions.Auth;

/// <summary>
/// What a sign-in must remember between its start and the provider's callback, with no cookie
/// and no row: the <c>state</c> parameter itself, signed and sealed (a JWE made with
/// <see cref="SignInKeys"/>), so the provider carries it back without being able to read the
/// page it came from or the PKCE verifier, and no one can make one. It lasts ten minutes.
/// </summary>
public sealed record SignInState(string Provider, string ReturnTo, string? Browser, string Verifier, string Nonce)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const string Issuer = "hub";
    private const string Audience = "hub-sign-in";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false, MapInboundClaims = false };

    /// <summary>A new sign-in to <paramref name="provider"/>: fresh PKCE verifier and nonce.</summary>
    public static SignInState Begin(string provider, string returnTo, string? browser)
        => new(provider, returnTo, browser, Random(32), Random(16));

    /// <summary>The PKCE challenge for <see cref="Verifier"/> (RFC 7636, S256).</summary>
    public string Challenge => Base64Url.EncodeToString(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Verifier)));

    public string Seal(SignInKeys.Pair keys, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object>
        {
            ["provider"] = Provider,
            ["returnTo"] = ReturnTo,
            ["verifier"] = Verifier,
            ["nonce"] = Nonce,
        };
        if (Browser is not null)
        {
            claims["browser"] = Browser;
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(keys.Signing, SecurityAlgorithms.HmacSha256),
            EncryptingCredentials = new EncryptingCredentials(keys.Sealing, JwtConstants.DirectKeyUseAlg, SecurityAlgorithms.Aes256CbcHmacSha512),
        });
    }

    /// <summary>The state the hub sealed, or null when it was altered, made elsewhere or has expired.</summary>
    public static async Task<SignInState?> OpenAsync(string sealedState, SignInKeys.Pair keys, DateTimeOffset now)
    {
        var result = await Handler.ValidateTokenAsync(sealedState, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = keys.Signing,
            TokenDecryptionKey = keys.Sealing,
            // The library checks the sealing algorithms against this list too.
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, JwtConstants.DirectKeyUseAlg, SecurityAlgorithms.Aes256CbcHmacSha512],
            RequireExpirationTime = true,
            LifetimeValidator = (_, expires, _, _) => now.UtcDateTime < expires,
        });
        if (!result.IsValid)
        {
            return null;
        }

        string? Claim(string name) => result.ClaimsIdentity.FindFirst(name)?.Value;
        return Claim("provider") is { } provider && Claim("returnTo") is { } returnTo && Claim("verifier") is { } verifier && Claim("nonce") is { } nonce
            ? new SignInState(provider, returnTo, Claim("browser"), verifier, nonce)
            : null;
    }

    private static string Random(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
}
