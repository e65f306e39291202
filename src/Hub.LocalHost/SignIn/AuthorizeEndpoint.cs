using Microsoft.AspNetCore.WebUtilities;

namespace Hub.LocalHost.SignIn;

/// <summary>
/// <c>/authorize</c>: GET with a valid request signs in as <c>login_hint</c> at once (for scripts
/// and tests) or shows the form; the form POSTs back here to sign in or to cancel.
/// </summary>
public static class AuthorizeEndpoint
{
    public static IResult Get(HttpContext context, StandInIssuer issuer)
    {
        if (!AuthorizationRequest.TryRead(context.Request.Query, issuer.Client, out var request, out var error))
        {
            return AuthorizePage.Refusal(error);
        }

        var hint = context.Request.Query["login_hint"].ToString();
        if (hint.Length == 0)
        {
            return AuthorizePage.Form(request, issuer.Client);
        }

        return SignInName.Read(hint) is { } name ? SignIn(issuer, request, name) : AuthorizePage.Refusal($"login_hint: {SignInName.Rule}");
    }

    public static async Task<IResult> PostAsync(HttpContext context, StandInIssuer issuer)
    {
        if (await PostedForm.ReadAsync(context.Request) is not { } form)
        {
            return AuthorizePage.Refusal("the body is not a readable application/x-www-form-urlencoded form.");
        }

        if (!AuthorizationRequest.TryRead(form, issuer.Client, out var request, out var error))
        {
            return AuthorizePage.Refusal(error);
        }

        if (form["action"] == "cancel")
        {
            return Answer(request, "error", "access_denied");
        }

        var typed = form["name"].ToString();
        return SignInName.Read(typed) is { } name ? SignIn(issuer, request, name) : AuthorizePage.Form(request, issuer.Client, typed, SignInName.Rule);
    }

    private static IResult SignIn(StandInIssuer issuer, AuthorizationRequest request, string name)
    {
        var code = issuer.Codes.Issue(new SignInGrant(name, request.RedirectUri, request.CodeChallenge, request.Nonce));
        return Answer(request, "code", code);
    }

    /// <summary>The authorization response (RFC 6749 §4.1.2): the code, or the error, with the client's state.</summary>
    private static IResult Answer(AuthorizationRequest request, string key, string value)
        => Results.Redirect(QueryHelpers.AddQueryString(request.RedirectUri, new Dictionary<string, string?> { [key] = value, ["state"] = request.State }));
}
