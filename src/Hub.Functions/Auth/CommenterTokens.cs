using Hub.Core.Comments;
using Hub.Core.Settings;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Functions.Auth;

/// <summary>
/// The hub's own token for a signed-in commenter (a JWT signed with <see cref="SignInKeys"/>),
/// handed back in the address's fragment and sent with each comment as
/// <c>Authorization: Commenter &lt;token&gt;</c>. It names the identity by its keyed hash, never
/// the provider's subject, and lasts <see cref="HubSignInOptions.TokenHours"/> at most.
/// Its payload also carries the name and provider's display name, for the page to show.
/// </summary>
public sealed class CommenterTokens(SignInKeys keys, IOptions<HubSignInOptions> options, TimeProvider clock)
{
    private const string Issuer = "hub";
    private const string Audience = "hub-commenter";
    private const string ProviderClaim = "idp";
    private const string ProviderNameClaim = "idpName";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false, MapInboundClaims = false };

    public async Task<string> IssueAsync(CommenterIdentity identity, CancellationToken cancellationToken)
        => await IssueAsync(identity, clock.GetUtcNow(), cancellationToken);

    /// <summary>A token as if issued at <paramref name="issuedAt"/>: what an expired token is made of in tests.</summary>
    public async Task<string> IssueAsync(CommenterIdentity identity, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var signing = (await keys.GetAsync(cancellationToken)).Signing;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = issuedAt.AddHours(options.Value.TokenHours).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = identity.Key,
                [JwtRegisteredClaimNames.Name] = identity.Name,
                [ProviderClaim] = identity.ProviderId,
                [ProviderNameClaim] = identity.ProviderName,
            },
            SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The identity a token names, or null when it is forged, expired, malformed, or for a provider no longer configured.</summary>
    public async Task<CommenterIdentity?> ReadAsync(string token, CancellationToken cancellationToken)
    {
        var signing = (await keys.GetAsync(cancellationToken)).Signing;
        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = signing,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (notBefore, expires, _, _) => notBefore <= clock.GetUtcNow().UtcDateTime && clock.GetUtcNow().UtcDateTime < expires,
        });
        if (!result.IsValid)
        {
            return null;
        }

        var claims = result.ClaimsIdentity;
        return claims.FindFirst(ProviderClaim)?.Value is { } providerId
               && options.Value.Find(providerId) is { } provider
               && claims.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { } key
               && AuthorKeys.IsIdentity(key)
               && claims.FindFirst(JwtRegisteredClaimNames.Name)?.Value is { Length: > 0 } name
            ? new CommenterIdentity(provider.Id, provider.Name, key, name)
            : null;
    }
}
