using Hub.Core.Settings;

namespace Hub.LocalHost.SignIn;

/// <summary>
/// The local host's stand-in OpenID Connect issuer, on an origin of its own as a real provider is:
/// discovery, keys, an authorize page that signs in as any name, and a token endpoint. The local
/// host lists it as the provider <see cref="IssuerClient.ProviderId"/>, so sign-in runs end to end
/// with no account anywhere. Development and tests only: never deployed.
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
    }

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
    public void AcceptCallbacksTo(string apiOrigin) => Client.RedirectUri = apiOrigin + IssuerClient.CallbackPath;

    /// <summary>This issuer as the provider at <paramref name="index"/> of <c>Hub:SignIn:Providers</c>.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ProviderSettings(int index)
    {
        var provider = $"{HubSignInOptions.Section}:{nameof(HubSignInOptions.Providers)}:{index}";
        return new Dictionary<string, string?>
        {
            [$"{provider}:{nameof(SignInProvider.Id)}"] = IssuerClient.ProviderId,
            [$"{provider}:{nameof(SignInProvider.Name)}"] = IssuerClient.ProviderName,
            [$"{provider}:{nameof(SignInProvider.Issuer)}"] = Origin,
            [$"{provider}:{nameof(SignInProvider.ClientId)}"] = Client.Id,
            [$"{provider}:{nameof(SignInProvider.ClientSecret)}"] = Client.Secret,
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
