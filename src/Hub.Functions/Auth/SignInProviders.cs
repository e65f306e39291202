using Hub.Core.Comments;
using Hub.Core.Settings;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Hub.Functions.Auth;

/// <summary>
/// The configured providers, each spoken to in its own protocol: an OpenID Connect issuer through
/// <see cref="OpenIdProviders"/>, an OAuth 2.0 kind through <see cref="OAuthProviders"/>. Both are
/// the code flow with the same sealed state; they differ in the request's scope, nonce and PKCE,
/// and in how the callback learns who signed in.
/// </summary>
public sealed class SignInProviders(OpenIdProviders openId, OAuthProviders oauth, IOptions<HubSignInOptions> options)
{
    private const string OpenIdScopes = "openid profile";

    public IReadOnlyList<SignInProvider> All => options.Value.Providers;

    public SignInProvider? Find(string id) => options.Value.Find(id);

    /// <summary>The provider's authorization endpoint with the code-flow request for this sign-in.</summary>
    public async Task<string> AuthorizationAddressAsync(
        SignInProvider provider, string redirectUri, string sealedState, SignInState state, string? loginHint, CancellationToken cancellationToken)
    {
        var kind = provider.Kind is { } name ? OAuthKinds.Of(name) : null;
        var endpoint = kind is null
            ? (await openId.GetConfigurationAsync(provider, cancellationToken)).AuthorizationEndpoint
            : oauth.Endpoints.Of(kind, kind.AuthorizationEndpoint).ToString();
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = provider.ClientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = kind is null ? OpenIdScopes : kind.Scope,
            ["state"] = sealedState,
        };
        if (kind is null)
        {
            parameters["nonce"] = state.Nonce;
        }

        if (kind is null || kind.Pkce)
        {
            parameters["code_challenge"] = state.Challenge;
            parameters["code_challenge_method"] = "S256";
        }

        if (loginHint is not null)
        {
            parameters[kind?.LoginHintParameter ?? "login_hint"] = loginHint;
        }

        return QueryHelpers.AddQueryString(endpoint, parameters.Where(parameter => parameter.Value is { Length: > 0 }));
    }

    /// <summary>Who signed in, or null when the provider refused; throws when it could not be reached.</summary>
    public async Task<ProviderIdentity?> RedeemAsync(SignInProvider provider, string code, string redirectUri, SignInState state, CancellationToken cancellationToken)
    {
        if (provider.Kind is not null)
        {
            return await oauth.RedeemAsync(provider, code, redirectUri, state, cancellationToken);
        }

        var claims = await openId.RedeemAsync(provider, code, redirectUri, state, cancellationToken);
        return claims is null ? null : new ProviderIdentity(claims.FindFirst("iss")!.Value, claims.FindFirst("sub")!.Value, CommenterName.From(claims, provider));
    }

    /// <summary>The hub's identity for the person: a keyed hash of (issuer or kind, the provider's stable id), never a login name.</summary>
    public static string IdentityKey(byte[] salt, ProviderIdentity identity) => AuthorKeys.Identity(salt, identity.Namespace, identity.Subject);
}
