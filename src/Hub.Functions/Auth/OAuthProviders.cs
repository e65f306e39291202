using System.Net.Http.Headers;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Hub.Core.Settings;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Auth;

/// <summary>
/// The OAuth 2.0 kinds, spoken to through Duende.IdentityModel: the code exchanged at the kind's
/// token endpoint (its client authentication, the redirect URI, the PKCE verifier where it takes
/// PKCE), then its user-info endpoint read with the access token as a Bearer token. There is no
/// ID token, so who signed in rests on TLS to the provider's fixed endpoints and on that token.
/// Both tokens are used once, here, and not kept.
/// </summary>
public sealed partial class OAuthProviders(OAuthEndpoints endpoints, ILogger<OAuthProviders> logger) : IDisposable
{
    private readonly HttpClient _http = Client();

    public OAuthEndpoints Endpoints => endpoints;

    /// <summary>
    /// Who signed in, or null (logged) when the provider refused the code or its answer names no
    /// one; throws <see cref="HttpRequestException"/> when the provider could not be reached or failed (5xx).
    /// </summary>
    public async Task<ProviderIdentity?> RedeemAsync(SignInProvider provider, string code, string redirectUri, SignInState state, CancellationToken cancellationToken)
    {
        var kind = OAuthKinds.Of(provider.Kind!);
        var token = await _http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = endpoints.Of(kind, kind.TokenEndpoint).ToString(),
            ClientId = provider.ClientId,
            ClientSecret = provider.ClientSecret,
            ClientCredentialStyle = kind.ClientAuthentication == ClientAuthentication.BasicHeader ? ClientCredentialStyle.AuthorizationHeader : ClientCredentialStyle.PostBody,
            Code = code,
            RedirectUri = redirectUri,
            CodeVerifier = kind.Pkce ? state.Verifier : null,
        }, cancellationToken);
        ThrowIfUnavailable(token);
        if (token.IsError || token.AccessToken is not { Length: > 0 } accessToken)
        {
            LogRefused(logger, provider.Id, "token", (int)token.HttpStatusCode, token.Error ?? "no access_token");
            return null;
        }

        var profile = await _http.GetUserInfoAsync(new UserInfoRequest { Address = endpoints.Of(kind, kind.UserInfoEndpoint).ToString(), Token = accessToken }, cancellationToken);
        ThrowIfUnavailable(profile);
        if (profile.IsError || profile.Json is not { } json || kind.ReadUser(json) is not { } user)
        {
            LogRefused(logger, provider.Id, "user-info", (int)profile.HttpStatusCode, profile.Error ?? "no id");
            return null;
        }

        return new ProviderIdentity(kind.Name, user.Id, CommenterName.From(user, provider));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A provider that could not be answered or failed on its side is unavailable, not a refusal of this person.</summary>
    private static void ThrowIfUnavailable(ProtocolResponse response)
    {
        if (response.ErrorType == ResponseErrorType.Exception)
        {
            throw new HttpRequestException("The provider could not be reached.", response.Exception);
        }

        if ((int)response.HttpStatusCode >= 500)
        {
            throw new HttpRequestException($"The provider answered {(int)response.HttpStatusCode}.", null, response.HttpStatusCode);
        }
    }

    private static HttpClient Client()
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };

        // GitHub's API refuses a request without a User-Agent; the others ignore it.
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("hub-sign-in", "1"));
        return http;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in with {Provider}: the {Endpoint} endpoint refused ({Status}, {Error})")]
    private static partial void LogRefused(ILogger logger, string provider, string endpoint, int status, string error);
}
