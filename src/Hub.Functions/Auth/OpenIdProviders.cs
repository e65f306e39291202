using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Hub.Core.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Functions.Auth;

/// <summary>
/// The configured OpenID Connect providers, as the platform's libraries speak to them: each
/// provider's discovery document and keys (fetched on first use, cached and refreshed by
/// <see cref="ConfigurationManager{T}"/>), the code exchange at its token endpoint, and the
/// ID token's validation (signature by the issuer's keys, issuer, audience, expiry, nonce).
/// Nothing here runs before a commenter clicks a provider.
/// </summary>
public sealed partial class OpenIdProviders(IOptions<HubSignInOptions> options, ILogger<OpenIdProviders> logger) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _metadata = new(StringComparer.Ordinal);

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public IReadOnlyList<SignInProvider> All => options.Value.Providers;

    public SignInProvider? Find(string id) => options.Value.Find(id);

    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(SignInProvider provider, CancellationToken cancellationToken)
        => MetadataOf(provider).GetConfigurationAsync(cancellationToken);

    /// <summary>
    /// Redeems the code for the ID token and validates it; the token's claims, or null (logged)
    /// when the provider refused the code or its token fails a check.
    /// </summary>
    public async Task<ClaimsIdentity?> RedeemAsync(SignInProvider provider, string code, string redirectUri, SignInState state, CancellationToken cancellationToken)
    {
        var configuration = await GetConfigurationAsync(provider, cancellationToken);
        using var response = await _http.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = provider.ClientId,
            ["client_secret"] = provider.ClientSecret,
            ["code_verifier"] = state.Verifier,
        }), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || IdTokenOf(body) is not { } idToken)
        {
            LogExchangeRefused(logger, provider.Id, (int)response.StatusCode);
            return null;
        }

        var result = await ValidateAsync(provider, configuration, idToken);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider rolled its keys since they were fetched: fetch them again, once.
            MetadataOf(provider).RequestRefresh();
            result = await ValidateAsync(provider, await GetConfigurationAsync(provider, cancellationToken), idToken);
        }

        if (!result.IsValid)
        {
            LogIdTokenRefused(logger, provider.Id, result.Exception?.GetType().Name ?? "invalid");
            return null;
        }

        if (result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Nonce)?.Value != state.Nonce
            || result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is not { Length: > 0 })
        {
            LogIdTokenRefused(logger, provider.Id, "nonce or subject");
            return null;
        }

        return result.ClaimsIdentity;
    }

    public void Dispose() => _http.Dispose();

    private static Task<TokenValidationResult> ValidateAsync(SignInProvider provider, OpenIdConnectConfiguration configuration, string idToken)
        => Handler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuers = IssuersOf(provider),
            ValidAudience = provider.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(2),
        });

    /// <summary>
    /// The issuer as configured, with or without a trailing slash, and for an issuer at a host's
    /// root also the bare host name: Google documents that its ID tokens may say
    /// <c>accounts.google.com</c> for <c>https://accounts.google.com</c>.
    /// </summary>
    private static string[] IssuersOf(SignInProvider provider)
    {
        var issuer = provider.Issuer.TrimEnd('/');
        var address = new Uri(issuer);
        return address.AbsolutePath == "/" ? [issuer, issuer + "/", address.Host] : [issuer, issuer + "/"];
    }

    private static string? IdTokenOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                   && json.RootElement.TryGetProperty("id_token", out var token)
                   && token.ValueKind == JsonValueKind.String
                ? token.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private ConfigurationManager<OpenIdConnectConfiguration> MetadataOf(SignInProvider provider)
        => _metadata.GetOrAdd(provider.Id, _ => new ConfigurationManager<OpenIdConnectConfiguration>(
            provider.Issuer.TrimEnd('/') + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            // https only, but for an issuer on this machine (the local host's stand-in; the options allow no other http issuer).
            new HttpDocumentRetriever(_http) { RequireHttps = provider.Issuer.StartsWith("https:", StringComparison.Ordinal) }));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in with {Provider}: the token endpoint refused the code ({Status})")]
    private static partial void LogExchangeRefused(ILogger logger, string provider, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in with {Provider}: its ID token was refused ({Reason})")]
    private static partial void LogIdTokenRefused(ILogger logger, string provider, string reason);
}
