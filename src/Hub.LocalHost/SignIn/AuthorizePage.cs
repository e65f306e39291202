using System.Text;
using System.Text.Encodings.Web;

namespace Hub.LocalHost.SignIn;

/// <summary>
/// The stand-in issuer's sign-in page: one field, the name to sign in as, with the request's
/// parameters carried along as hidden fields. No script and no style, under a CSP that says so.
/// </summary>
public static class AuthorizePage
{
    public static IResult Form(AuthorizationRequest request, IssuerClient client, string name = "", string? error = null)
        => Form(IssuerClient.ProviderName, "an OpenID Connect provider", "/authorize", request.Parameters(client), name, error);

    /// <summary>The page for <paramref name="provider"/>, posting <paramref name="parameters"/> back to <paramref name="action"/>.</summary>
    public static IResult Form(string provider, string standsInFor, string action, IEnumerable<KeyValuePair<string, string>> parameters, string name = "", string? error = null)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(provider)}</title>
            </head>
            <body>
            <main>
            <h1>{Encode(provider)}: the local host's stand-in, never deployed</h1>
            <p>This page stands in for {Encode(standsInFor)} while the hub runs on the local host. Sign in as any name.</p>
            <form method="post" action="{Encode(action)}">

            """);
        foreach (var (key, value) in parameters)
        {
            html.Append($"""<input type="hidden" name="{Encode(key)}" value="{Encode(value)}">""").Append('\n');
        }

        var invalid = error is null ? "" : " aria-invalid=\"true\" aria-describedby=\"name-error\"";
        if (error is not null)
        {
            html.Append($"""<p id="name-error" role="alert">{Encode(error)}</p>""").Append('\n');
        }

        html.Append($"""
            <p><label for="name">Name to sign in as</label>
            <input id="name" name="name" type="text" required maxlength="{SignInName.MaxLength}" autocomplete="name" value="{Encode(name)}"{invalid}></p>
            <p><button type="submit" name="action" value="sign-in">Sign in</button>
            <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></p>
            </form>
            </main>
            </body>
            </html>

            """);
        return new Page(html.ToString(), error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, "text/html", FormPolicy);
    }

    /// <summary>A request the issuer will not act on: a plain 400 page with the reason, and no redirect.</summary>
    public static IResult Refusal(string reason)
        => new Page($"The sign-in request is refused: {reason}\n", StatusCodes.Status400BadRequest, "text/plain", "default-src 'none'");

    /// <summary>
    /// No form-action: Chrome applies it to every redirect after the form's POST, and the sign-in
    /// goes on from here through the API's callback to the site, an origin the issuer never learns.
    /// (form-action does not fall back to default-src.) The form posts only to this page.
    /// </summary>
    private const string FormPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    private sealed record Page(string Body, int StatusCode, string MediaType, string ContentSecurityPolicy) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCode;
            response.ContentType = $"{MediaType}; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.CacheControl = "no-store";
            response.Headers["Referrer-Policy"] = "no-referrer";
            return response.WriteAsync(Body, httpContext.RequestAborted);
        }
    }
}
