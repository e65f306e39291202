using System.Text.RegularExpressions;
using Hub.Core.Comments;
using Hub.Core.Discussion;
using Hub.Core.Settings;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Hub.Site.Rendering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Auth;

/// <summary>
/// Commenters sign in with an OpenID Connect provider or a named OAuth 2.0 provider: the
/// authorization code flow with the sealed state, PKCE wherever the provider takes it, and a nonce
/// for OpenID Connect, done here. The answer is the hub's own commenter token in the return
/// address's fragment (never sent to a server), which the page keeps in sessionStorage: no cookie.
/// </summary>
public sealed partial class AuthFunctions(
    SignInProviders providers, SignInKeys keys, CommenterTokens tokens, SettingsStore settings, SiteContext site, TimeProvider clock, ILogger<AuthFunctions> logger)
{
    /// <summary>The providers the site offers (the site's config.json carries the same list, so pages never call this).</summary>
    [Function(nameof(ListSignInProviders))]
    public IResult ListSignInProviders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/providers")] HttpRequest request)
        => TypedResults.Json(
                new SignInProviderList([.. providers.All.Select(provider => new SignInProviderInfo(provider.Id, provider.Name))]),
                FunctionsJsonContext.Default.SignInProviderList)
            .WithHeader("Cache-Control", "public, max-age=300");

    [Function(nameof(StartSignIn))]
    public async Task<IResult> StartSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/{provider}/start")] HttpRequest request,
        string provider)
    {
        if (providers.Find(provider) is not { } chosen)
        {
            return Problems.NotFound($"There is no sign-in provider '{provider}'.");
        }

        var errors = new ValidationErrors();
        var returnTo = ReturnAddress.Check(request.Query["returnTo"], SiteOrigin(request));
        if (returnTo is null)
        {
            errors.Add("returnTo", ReturnAddress.Rule);
        }

        var browser = Optional(request, "browser", errors, text => BrowserValue().IsMatch(text), "must be 16 to 64 letters, digits, '-' or '_'");
        var loginHint = Optional(request, "loginHint", errors, text => text.Length <= 100 && !TextRules.HasControlCharacters(text, multiline: false), "must be at most 100 characters on one line");
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var state = SignInState.Begin(chosen.Id, returnTo!, browser);
        var sealedState = state.Seal(await keys.GetAsync(request.HttpContext.RequestAborted), clock.GetUtcNow());
        try
        {
            return Redirect(
                StatusCodes.Status302Found,
                await providers.AuthorizationAddressAsync(chosen, CallbackAddress(request, chosen.Id), sealedState, state, loginHint, request.HttpContext.RequestAborted));
        }
        catch (Exception failure) when (IsProviderFailure(failure, request))
        {
            LogUnreachable(logger, chosen.Id, failure.GetType().Name);
            return BackTo(state, "provider-unavailable");
        }
    }

    [Function(nameof(FinishSignIn))]
    public async Task<IResult> FinishSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/{provider}/callback")] HttpRequest request,
        string provider)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var state = request.Query["state"].ToString() is { Length: > 0 and <= 4096 } sealedState
            ? await SignInState.OpenAsync(sealedState, await keys.GetAsync(cancellationToken), clock.GetUtcNow())
            : null;
        if (state is null || state.Provider != provider)
        {
            return Problems.Validation("state", "is not a sign-in this hub started in the last ten minutes: go back to the page and sign in again");
        }

        if (providers.Find(provider) is not { } chosen)
        {
            return Problems.NotFound($"There is no sign-in provider '{provider}'.");
        }

        if (request.Query["error"].ToString() is { Length: > 0 } error)
        {
            return BackTo(state, ProviderError().IsMatch(error) ? error : "provider-error");
        }

        if (request.Query["code"].ToString() is not { Length: > 0 and <= 4096 } code)
        {
            return BackTo(state, "invalid_request");
        }

        ProviderIdentity? signedIn;
        try
        {
            signedIn = await providers.RedeemAsync(chosen, code, CallbackAddress(request, chosen.Id), state, cancellationToken);
        }
        catch (Exception failure) when (IsProviderFailure(failure, request))
        {
            LogUnreachable(logger, chosen.Id, failure.GetType().Name);
            return BackTo(state, "provider-unavailable");
        }

        if (signedIn is null)
        {
            return BackTo(state, "sign-in-refused");
        }

        var salt = await settings.GetClientHashSaltAsync(cancellationToken);
        var identity = new CommenterIdentity(chosen.Id, chosen.Name, SignInProviders.IdentityKey(salt, signedIn), signedIn.Name);
        var token = await tokens.IssueAsync(identity, cancellationToken);
        LogSignedIn(logger, chosen.Id);
        return Redirect(StatusCodes.Status303SeeOther, $"{state.ReturnTo}#signed-in={token}{(state.Browser is null ? "" : "&browser=" + state.Browser)}");
    }

    /// <summary>Back to the page with why the sign-in did not finish (the page says so; the fragment reaches no server).</summary>
    private static IResult BackTo(SignInState state, string reason)
        => Redirect(StatusCodes.Status303SeeOther, $"{state.ReturnTo}#sign-in-failed={Uri.EscapeDataString(reason)}");

    private static IResult Redirect(int status, string location)
        => TypedResults.StatusCode(status).WithHeader("Location", location).WithHeader("Cache-Control", "no-store");

    private static string? Optional(HttpRequest request, string name, ValidationErrors errors, Func<string, bool> valid, string rule)
    {
        if (request.Query[name].ToString() is not { Length: > 0 } value)
        {
            return null;
        }

        if (!valid(value))
        {
            errors.Add(name, rule);
        }

        return value;
    }

    /// <summary>The site's origin, or (no site address configured) the API's own: the only place a sign-in returns to.</summary>
    private string SiteOrigin(HttpRequest request) => site.PublicUrl.Length > 0 ? site.PublicUrl : ApiOrigin(request);

    private string ApiOrigin(HttpRequest request) => site.ApiUrl.Length > 0 ? site.ApiUrl : $"{request.Scheme}://{request.Host}";

    /// <summary>The callback registered with the provider: this route's own address, with the host's route prefix.</summary>
    private string CallbackAddress(HttpRequest request, string provider)
    {
        var path = request.Path.Value ?? "";
        return $"{ApiOrigin(request)}{path[..path.LastIndexOf("/auth/", StringComparison.Ordinal)]}/auth/{provider}/callback";
    }

    /// <summary>The provider could not be reached or answered nonsense (not the client giving up).</summary>
    private static bool IsProviderFailure(Exception failure, HttpRequest request)
        => !request.HttpContext.RequestAborted.IsCancellationRequested
           && failure is HttpRequestException or TaskCanceledException or InvalidOperationException or System.IO.IOException;

    [GeneratedRegex("^[A-Za-z0-9_-]{16,64}$")]
    private static partial Regex BrowserValue();

    [GeneratedRegex("^[a-z_]{1,40}$")]
    private static partial Regex ProviderError();

    [LoggerMessage(Level = LogLevel.Information, Message = "A commenter signed in with {Provider}")]
    private static partial void LogSignedIn(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in with {Provider}: the provider could not be reached ({Failure})")]
    private static partial void LogUnreachable(ILogger logger, string provider, string failure);
}

public sealed record SignInProviderInfo(string Id, string Name);

public sealed record SignInProviderList(IReadOnlyList<SignInProviderInfo> Providers);
