using System.Collections.Concurrent;
using System.Security.Cryptography;
using Hub.Core.Settings;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;

namespace Hub.LocalHost.SignIn;

/// <summary>
/// The stand-in for one OAuth 2.0 provider (<see cref="StandInKind"/>), on the stand-in issuer's
/// origin under <c>/{kind}</c>: no discovery and no ID token; an authorize page (or, with the
/// kind's login hint, a sign-in at once), a token endpoint that redeems a code once, within 60 s,
/// for its redirect URI and PKCE verifier and the client's secret sent the provider's way, and a
/// user-info endpoint that answers in the provider's JSON shape only to a live Bearer token.
/// </summary>
public sealed class OAuthStandIn(StandInKind kind)
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Property names exactly as the provider spells them (WordPress.com's <c>ID</c>), not camel-cased.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions AsWritten = new();

    private readonly AuthorizationCodes _codes = AuthorizationCodes.ForOneClient();
    private readonly ConcurrentDictionary<string, (SignInGrant Grant, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    public StandInKind Kind => kind;

    public IssuerClient Client { get; } = new(kind.ProviderId, "hub-local-" + kind.Kind.Name);

    public void Map(WebApplication app)
    {
        var authorize = kind.Path(kind.Kind.AuthorizationEndpoint);
        app.MapGet(authorize, context => AuthorizeAsync(context, context.Request.Query));
        app.MapPost(authorize, async context =>
        {
            if (await PostedForm.ReadAsync(context.Request) is not { } form)
            {
                await AuthorizePage.Refusal("the body is not a readable application/x-www-form-urlencoded form.").ExecuteAsync(context);
                return;
            }

            await AuthorizeAsync(context, form);
        });
        app.MapPost(kind.Path(kind.Kind.TokenEndpoint), async context => await (await ExchangeAsync(context)).ExecuteAsync(context));
        app.MapGet(kind.Path(kind.Kind.UserInfoEndpoint), context => UserInfo(context).ExecuteAsync(context));
    }

    private Task AuthorizeAsync(HttpContext context, IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var values = parameters.ToDictionary(parameter => parameter.Key, parameter => parameter.Value, StringComparer.Ordinal);
        string? One(string name) => values.TryGetValue(name, out var value) ? value.ToString() : null;
        var scopes = (One("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var challenge = One("code_challenge");
        var error = values.FirstOrDefault(parameter => parameter.Value.Count > 1).Key is { } repeated ? $"{repeated} is given more than once."
            : One("client_id") != Client.Id ? "client_id is not a client this provider knows."
            : Client.RedirectUri is null || One("redirect_uri") != Client.RedirectUri ? "redirect_uri is not the client's registered redirect URI."
            : kind.Kind.Name != SignInKinds.GitHub && One("response_type") != "code" ? "response_type must be code."
            : kind.RequiredScopes.FirstOrDefault(scope => !scopes.Contains(scope)) is { } missing ? $"scope must include {missing}."
            : string.IsNullOrEmpty(One("state")) ? "state is required."
            : kind.Pkce == PkcePolicy.Required && challenge is null ? "code_challenge is required."
            : kind.Pkce != PkcePolicy.NotOffered && challenge is not null && (One("code_challenge_method") != Pkce.Method || !Pkce.IsWellFormed(challenge)) ? "code_challenge must be given with code_challenge_method S256."
            : null;
        if (error is not null)
        {
            return AuthorizePage.Refusal(error).ExecuteAsync(context);
        }

        // A provider without PKCE ignores a challenge, as WordPress.com's /oauth2/ does: the code is not bound to it.
        var grantChallenge = kind.Pkce == PkcePolicy.NotOffered ? "" : challenge ?? "";
        var forwarded = values.Where(parameter => parameter.Key is not ("name" or "action") && parameter.Key != kind.Kind.LoginHintParameter)
            .Select(parameter => KeyValuePair.Create(parameter.Key, parameter.Value.ToString()))
            .ToList();
        if (One("action") == "cancel")
        {
            return Answer("error", "access_denied").ExecuteAsync(context);
        }

        var typed = One("name") ?? One(kind.Kind.LoginHintParameter);
        if (typed is null)
        {
            return AuthorizePage.Form(kind.ProviderName, kind.Kind.DisplayName, kind.Path(kind.Kind.AuthorizationEndpoint), forwarded).ExecuteAsync(context);
        }

        if (SignInName.Read(typed) is not { } name)
        {
            return (values.ContainsKey("name")
                ? AuthorizePage.Form(kind.ProviderName, kind.Kind.DisplayName, kind.Path(kind.Kind.AuthorizationEndpoint), forwarded, typed, SignInName.Rule)
                : AuthorizePage.Refusal($"{kind.Kind.LoginHintParameter}: {SignInName.Rule}")).ExecuteAsync(context);
        }

        var code = _codes.Issue(new SignInGrant(name, Client.RedirectUri!, grantChallenge, "", string.Join(' ', scopes)));
        return Answer("code", code).ExecuteAsync(context);

        IResult Answer(string key, string value)
            => Results.Redirect(QueryHelpers.AddQueryString(Client.RedirectUri!, new Dictionary<string, string?> { [key] = value, ["state"] = One("state") }));
    }

    private async Task<IResult> ExchangeAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (await PostedForm.ReadAsync(context.Request) is not { } form)
        {
            return Error("invalid_request", "The body is not a readable application/x-www-form-urlencoded form.");
        }

        if (ClientCredentials.Read(context.Request, form) is not { } credentials || !credentials.Authenticate(Client, kind.ClientAuthentications))
        {
            return Error("invalid_client", $"The client id or secret is wrong, or not sent as {string.Join(" or ", kind.ClientAuthentications)}.", StatusCodes.Status401Unauthorized);
        }

        // GitHub's token endpoint takes no grant_type; the others require it.
        if (kind.Kind.Name != SignInKinds.GitHub && form["grant_type"] != "authorization_code")
        {
            return Error("unsupported_grant_type", "Only grant_type authorization_code is supported.");
        }

        var grant = _codes.Redeem(form["code"]);
        if (grant is null)
        {
            return Error("invalid_grant", "The code is unknown, already used or expired.");
        }

        if (form["redirect_uri"] != grant.RedirectUri)
        {
            return Error("invalid_grant", "redirect_uri is not the one the code was issued for.");
        }

        if (grant.CodeChallenge.Length > 0 && !Pkce.Verifies(form["code_verifier"], grant.CodeChallenge))
        {
            return Error("invalid_grant", "code_verifier does not match the code_challenge.");
        }

        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = TimeProvider.System.GetUtcNow();
        foreach (var stale in _tokens.Where(issued => issued.Value.Expires <= now))
        {
            _tokens.TryRemove(stale);
        }

        _tokens[token] = (grant, now + TokenLifetime);
        return Results.Json(new { access_token = token, token_type = "bearer", expires_in = (int)TokenLifetime.TotalSeconds, scope = grant.Scope });
    }

    private IResult UserInfo(HttpContext context)
    {
        var request = context.Request;
        if (kind.UserAgentRequired && string.IsNullOrEmpty(request.Headers.UserAgent))
        {
            return Results.Json(new { message = "Request forbidden by administrative rules. Please make sure your request has a User-Agent header." }, statusCode: StatusCodes.Status403Forbidden);
        }

        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (token is null || !_tokens.TryGetValue(token, out var issued) || issued.Expires <= TimeProvider.System.GetUtcNow())
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(new { error = "invalid_token", error_description = "The access token is missing, unknown or expired." }, statusCode: StatusCodes.Status401Unauthorized);
        }

        return Results.Json(kind.UserInfo(new StandInUser(issued.Grant.Name)), AsWritten);
    }

    /// <summary>A token error (RFC 6749 §5.2); GitHub's come with 200, as GitHub sends them.</summary>
    private IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest)
        => Results.Json(new { error, error_description = description }, statusCode: kind.ErrorsWithOk ? StatusCodes.Status200OK : status);
}
