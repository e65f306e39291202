using Hub.Core.Settings;

namespace Hub.LocalHost.SignIn;

/// <summary>
/// The local host's stand-in OpenID Connect issuer, on an origin of its own as a real provider is:
/// discovery, keys, an authorize page that signs in as any name, and a token endpoint. The local
/// host lists it as the provider <see cref="IssuerClient.LocalProviderId"/>, so sign-in runs end to end
/// with no account anywhere. On the same origin it also plays each OAuth 2.0 kind under
/// <c>/{kind}</c> (<see cref="OAuthStandIn"/>), listed as the provider <c>local-{kind}</c>.
/// Development and tests only: never deployed.
/// </summary>
public sealed class StandInIssuer : IAsyncDisposable
{
    // What discovery says the issuer supports (OpenID Connect Discovery 1.0 §3).
    private static readonly string[] ResponseTypes = ["code"];
    private static readonly string[] GrantTypes = ["authorization_code"];
    private static readonly string[] SubjectTypes = ["public"];
    private static readonly string[] SigningAlgorithms = ["RS256"];
    private static readonly string[] ChallengeMethods = [Pkce.Method];
    private static readonly string[] Scopes = ["openid", "profile"];
    private static readonly string[] ClientAuthentications = ["client_secret_post", "client_secret_basic"];

    private readonly WebApplication _app;

    private StandInIssuer(string url)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(this);
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", Discovery);
        _app.MapGet("/keys", () => Results.Json(Key.KeySet()));
        _app.MapGet("/authorize", AuthorizeEndpoint.Get);
        _app.MapPost("/authorize", AuthorizeEndpoint.PostAsync);
        _app.MapPost("/token", TokenEndpoint.ExchangeAsync);
        foreach (var standIn in Kinds)
        {
            standIn.Map(_app);
        }
    }

    /// <summary>The OAuth 2.0 providers played here, one per kind.</summary>
    public IReadOnlyList<OAuthStandIn> Kinds { get; } = [.. StandInKinds.All.Select(kind => new OAuthStandIn(kind))];

    public IssuerClient Client { get; } = new();

    public IssuerKey Key { get; } = new();

    public TimeProvider Clock { get; } = TimeProvider.System;

    public AuthorizationCodes Codes { get; } = new(TimeProvider.System);

    public Uri Address => LocalHostApp.AddressOf(_app);

    /// <summary>The issuer identifier (no trailing slash): in discovery, in every ID token's iss, and the provider's Issuer setting.</summary>
    public string Origin => LocalHostApp.Origin(Address);

    public static async Task<StandInIssuer> StartAsync(string url, CancellationToken cancellationToken)
    {
        var issuer = new StandInIssuer(url);
        try
        {
            await issuer._app.StartAsync(cancellationToken);
            return issuer;
        }
        catch
        {
            await issuer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers the API's callback, once the API listens and its origin is known.</summary>
    public void AcceptCallbacksTo(string apiOrigin)
    {
        foreach (var client in Kinds.Select(standIn => standIn.Client).Prepend(Client))
        {
            client.RedirectUri = apiOrigin + client.CallbackPath;
        }
    }

    /// <summary>
    /// This issuer, then each OAuth 2.0 stand-in, as the providers from <paramref name="index"/> on
    /// in <c>Hub:SignIn:Providers</c>: the quick start offers every one of them.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string?>> ProviderSettings(int index)
    {
        IEnumerable<KeyValuePair<string, string?>> settings = Provider(index, Client, IssuerClient.ProviderName, nameof(SignInProvider.Issuer), Origin);
        foreach (var standIn in Kinds)
        {
            settings = settings.Concat(Provider(++index, standIn.Client, standIn.Kind.ProviderName, nameof(SignInProvider.Kind), standIn.Kind.Kind.Name));
        }

        return settings;
    }

    private static Dictionary<string, string?> Provider(int index, IssuerClient client, string name, string issuerOrKind, string value)
    {
        var provider = $"{HubSignInOptions.Section}:{nameof(HubSignInOptions.Providers)}:{index}";
        return new Dictionary<string, string?>
        {
            [$"{provider}:{nameof(SignInProvider.Id)}"] = client.ProviderId,
            [$"{provider}:{nameof(SignInProvider.Name)}"] = name,
            [$"{provider}:{issuerOrKind}"] = value,
            [$"{provider}:{nameof(SignInProvider.ClientId)}"] = client.Id,
            [$"{provider}:{nameof(SignInProvider.ClientSecret)}"] = client.Secret,
        };
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Key.Dispose();
    }

    private IResult Discovery() => Results.Json(new
    {
        issuer = Origin,
        authorization_endpoint = $"{Origin}/authorize",
        token_endpoint = $"{Origin}/token",
        jwks_uri = $"{Origin}/keys",
        response_types_supported = ResponseTypes,
        grant_types_supported = GrantTypes,
        subject_types_supported = SubjectTypes,
        id_token_signing_alg_values_supported = SigningAlgorithms,
        code_challenge_methods_supported = ChallengeMethods,
        scopes_supported = Scopes,
        token_endpoint_auth_methods_supported = ClientAuthentications,
    });
}
