namespace Hub.Functions.Auth;

/// <summary>
/// Where the OAuth 2.0 kinds' requests go. In the function app, always each kind's production
/// endpoint (<see cref="Production"/>): there is no setting for it, so nothing in Azure's app
/// settings can point sign-in elsewhere. The local host, whose code is never deployed, registers
/// <see cref="StandIns"/> instead, which sends each request to its loopback stand-in, keeping the
/// production path under a prefix for the kind: <c>http://127.0.0.1:7073/github/login/oauth/authorize</c>.
/// </summary>
public sealed class OAuthEndpoints
{
    private readonly Uri? _standIns;

    private OAuthEndpoints(Uri? standIns) => _standIns = standIns;

    public static OAuthEndpoints Production { get; } = new(null);

    /// <summary>The stand-ins at <paramref name="origin"/>, which must be an http(s) address on this machine's loopback.</summary>
    public static OAuthEndpoints StandIns(Uri origin)
        => origin.IsAbsoluteUri && origin.IsLoopback && (origin.Scheme == Uri.UriSchemeHttp || origin.Scheme == Uri.UriSchemeHttps)
            ? new OAuthEndpoints(new Uri(origin.GetLeftPart(UriPartial.Authority)))
            : throw new ArgumentException($"The OAuth 2.0 stand-ins must be on loopback; '{origin}' is not.", nameof(origin));

    public bool AreStandIns => _standIns is not null;

    /// <summary>The address to use for one of <paramref name="kind"/>'s production endpoints.</summary>
    public Uri Of(OAuthKind kind, Uri production)
        => _standIns is null ? production : new Uri(_standIns, $"/{kind.Name}{production.PathAndQuery}");
}
