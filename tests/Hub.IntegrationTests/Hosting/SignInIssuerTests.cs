using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Hub.Core.Settings;
using Hub.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hub.IntegrationTests.Hosting;

/// <summary>
/// The local host's stand-in OpenID Connect issuer, over real HTTP on its own origin, as the
/// function app uses it: discovery, keys, the authorize page and the token endpoint's checks.
/// </summary>
public sealed class SignInIssuerTests(HubServer hub) : IClassFixture<HubServer>
{
    // RFC 7636 Appendix B's example: a code_verifier and its S256 code_challenge.
    private const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private const string State = "state-of-the-request";
    private const string Nonce = "nonce-of-the-request";

    private string Issuer => hub.SignInIssuerAddress.GetLeftPart(UriPartial.Authority);

    private string Callback => hub.BaseAddress.GetLeftPart(UriPartial.Authority) + "/api/auth/local/callback";

    /// <summary>The provider the local host configured for the API, with this start's secret.</summary>
    private SignInProvider Provider => hub.Services.GetRequiredService<IOptions<HubSignInOptions>>().Value.Find("local")!;

    public static TheoryData<string> RefusedNames => new() { "", "   ", "Ada\u0001Lovelace", "Ada\nLovelace", new string('a', 101) };

    [Fact]
    public async Task The_local_host_lists_the_issuer_as_the_provider_local()
    {
        Assert.Equal("Local test sign-in", Provider.Name);
        Assert.Equal(Issuer, Provider.Issuer);
        Assert.Equal("hub-local", Provider.ClientId);
        Assert.NotEmpty(Provider.ClientSecret);

        using var issuer = IssuerClient();
        Assert.Equal(Issuer, (string?)(await issuer.GetJsonAsync("/.well-known/openid-configuration"))["issuer"]);
    }

    [Theory]
    [InlineData("authorization_endpoint", "/authorize")]
    [InlineData("token_endpoint", "/token")]
    [InlineData("jwks_uri", "/keys")]
    public async Task Discovery_puts_each_endpoint_on_the_issuer_origin(string field, string path)
    {
        using var issuer = IssuerClient();

        Assert.Equal(Issuer + path, (string?)(await issuer.GetJsonAsync("/.well-known/openid-configuration"))[field]);
    }

    [Theory]
    [InlineData("response_types_supported", "code")]
    [InlineData("subject_types_supported", "public")]
    [InlineData("id_token_signing_alg_values_supported", "RS256")]
    [InlineData("code_challenge_methods_supported", "S256")]
    [InlineData("scopes_supported", "openid", "profile")]
    [InlineData("token_endpoint_auth_methods_supported", "client_secret_post", "client_secret_basic")]
    public async Task Discovery_says_what_the_issuer_supports(string field, params string[] values)
    {
        using var issuer = IssuerClient();

        var discovery = await issuer.GetJsonAsync("/.well-known/openid-configuration");

        Assert.Equal(values, discovery[field]!.AsArray().Select(value => (string)value!));
    }

    [Fact]
    public async Task The_keys_are_one_public_RS256_signing_key()
    {
        using var issuer = IssuerClient();

        var key = Assert.Single(new JsonWebKeySet(await issuer.GetStringAsync("/keys")).Keys);

        Assert.Equal((JsonWebAlgorithmsKeyTypes.RSA, SecurityAlgorithms.RsaSha256, JsonWebKeyUseNames.Sig), (key.Kty, key.Alg, key.Use));
        Assert.NotEmpty(key.Kid);
        Assert.False(key.HasPrivateKey);
    }

    [Fact]
    public async Task Authorize_with_a_login_hint_signs_in_at_once_and_redirects_with_a_code_and_the_state()
    {
        using var issuer = IssuerClient();

        using var response = await issuer.GetAsync(QueryHelpers.AddQueryString("/authorize", Authorization(loginHint: "Ada Lovelace")));

        var answer = AssertRedirectToCallback(response, HttpStatusCode.Found);
        Assert.NotEmpty(answer["code"].ToString());
        Assert.Equal(State, answer["state"]);
    }

    [Fact]
    public async Task Authorize_without_a_login_hint_shows_a_form_with_one_field_and_no_script_or_style()
    {
        using var issuer = IssuerClient();

        using var response = await issuer.GetAsync(QueryHelpers.AddQueryString("/authorize", Authorization()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        var page = await ParseAsync(response);
        Assert.Equal("Local test sign-in", page.Title);
        Assert.Contains("never deployed", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("script, style, link, [style]"));
        var field = AssertOneVisibleField(page);
        Assert.Equal("Name to sign in as", page.QuerySelector($"label[for='{field.Id}']")!.TextContent);
        Assert.Equal(
            Authorization().Where(parameter => parameter.Value is not null).OrderBy(parameter => parameter.Key, StringComparer.Ordinal),
            page.QuerySelectorAll("input[type=hidden]").Select(input => new KeyValuePair<string, string?>(input.GetAttribute("name")!, input.GetAttribute("value"))).OrderBy(parameter => parameter.Key, StringComparer.Ordinal));
        Assert.Equal<string>(["Sign in", "Cancel"], page.QuerySelectorAll("form[method=post][action='/authorize'] button[type=submit]").Select(button => button.TextContent));
    }

    [Theory]
    [InlineData("client_id", "someone-else")]
    [InlineData("redirect_uri", "https://attacker.example/api/auth/local/callback")]
    [InlineData("redirect_uri", "http://127.0.0.1:1/api/auth/local/callback")]
    [InlineData("response_type", "token")]
    [InlineData("scope", "profile")]
    [InlineData("state", null)]
    [InlineData("nonce", null)]
    [InlineData("code_challenge", null)]
    [InlineData("code_challenge", "too-short")]
    [InlineData("code_challenge_method", "plain")]
    [InlineData("login_hint", "Ada\u0007Lovelace")]
    [InlineData("login_hint", "Ada\u0000Lovelace")]
    public async Task Authorize_refuses_a_bad_request_with_a_plain_400_and_no_redirect(string parameter, string? value)
    {
        using var issuer = IssuerClient();
        var request = Authorization(loginHint: "Ada Lovelace");
        request[parameter] = value;

        using var response = await issuer.GetAsync(QueryHelpers.AddQueryString("/authorize", request));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("sign-in", "code")]
    [InlineData("cancel", "error")]
    public async Task The_form_posts_back_to_sign_in_or_to_cancel(string action, string answered)
    {
        using var issuer = IssuerClient();

        using var response = await issuer.PostAsync("/authorize", SignInForm(action, "  Ada Lovelace  "));

        var answer = AssertRedirectToCallback(response, HttpStatusCode.Found);
        Assert.Equal(State, answer["state"]);
        Assert.Equal(new[] { answered, "state" }, answer.Keys.Order(StringComparer.Ordinal));
        if (action == "cancel")
        {
            Assert.Equal("access_denied", answer["error"]);
        }
        else
        {
            // The name as typed, trimmed.
            Assert.Equal("Ada Lovelace", (await ValidIdTokenAsync(answer["code"].ToString())).GetPayloadValue<string>("name"));
        }
    }

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public async Task A_refused_name_shows_the_form_again_with_the_reason(string name)
    {
        using var issuer = IssuerClient();

        using var response = await issuer.PostAsync("/authorize", SignInForm("sign-in", name));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(response.Headers.GetValues("Content-Security-Policy").Single());
        var page = await ParseAsync(response);
        Assert.Contains("1 to 100 characters", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", AssertOneVisibleField(page).GetAttribute("aria-invalid"));
    }

    [Theory]
    [InlineData("/authorize", "text/plain")]
    [InlineData("/token", "application/json")]
    public async Task A_form_the_framework_cannot_read_is_a_400_not_a_500(string path, string mediaType)
    {
        using var issuer = IssuerClient();

        // ASP.NET Core's form reader refuses a NUL character.
        using var response = await issuer.PostAsync(path, new FormUrlEncodedContent([new("name", "Ada\u0000Lovelace")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_good_exchange_gives_an_id_token_that_validates_against_the_keys_with_the_nonce_and_name(bool basicAuthentication)
    {
        var code = await SignInAsync("Ada Lovelace");

        using var response = await ExchangeAsync(code, basicAuthentication: basicAuthentication);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var tokens = await response.JsonAsync();
        Assert.Equal("Bearer", (string?)tokens["token_type"]);
        Assert.Equal(300, (int)tokens["expires_in"]!);
        Assert.NotEmpty((string)tokens["access_token"]!);
        var idToken = await ValidateAsync((string)tokens["id_token"]!);
        Assert.Equal(Nonce, idToken.GetPayloadValue<string>("nonce"));
        Assert.Equal("Ada Lovelace", idToken.GetPayloadValue<string>("name"));
        Assert.StartsWith("local-", idToken.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_subject_is_the_same_for_a_name_however_it_is_capitalized_and_differs_for_another()
    {
        var ada = (await ValidIdTokenAsync(await SignInAsync("Ada Lovelace"))).Subject;

        Assert.Equal(ada, (await ValidIdTokenAsync(await SignInAsync("ADA LOVELACE"))).Subject);
        Assert.NotEqual(ada, (await ValidIdTokenAsync(await SignInAsync("Grace Hopper"))).Subject);
    }

    [Theory]
    [InlineData("client_secret", "not-the-secret", HttpStatusCode.Unauthorized, "invalid_client")]
    [InlineData("client_secret", null, HttpStatusCode.Unauthorized, "invalid_client")]
    [InlineData("client_id", "someone-else", HttpStatusCode.Unauthorized, "invalid_client")]
    [InlineData("code_verifier", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", HttpStatusCode.BadRequest, "invalid_grant")]
    [InlineData("code_verifier", null, HttpStatusCode.BadRequest, "invalid_grant")]
    [InlineData("redirect_uri", "http://127.0.0.1:1/api/auth/local/callback", HttpStatusCode.BadRequest, "invalid_grant")]
    [InlineData("code", "never-issued", HttpStatusCode.BadRequest, "invalid_grant")]
    [InlineData("grant_type", "refresh_token", HttpStatusCode.BadRequest, "unsupported_grant_type")]
    public async Task The_token_endpoint_refuses_a_bad_exchange_with_an_OAuth_error(string parameter, string? value, HttpStatusCode status, string error)
    {
        var code = await SignInAsync("Ada Lovelace");

        using var response = await ExchangeAsync(code, form => form[parameter] = value);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(error, (string?)(await response.JsonAsync())["error"]);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task A_code_is_good_once()
    {
        var code = await SignInAsync("Ada Lovelace");
        using (var first = await ExchangeAsync(code))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var second = await ExchangeAsync(code);

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("invalid_grant", (string?)(await second.JsonAsync())["error"]);
    }

    private HttpClient IssuerClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = hub.SignInIssuerAddress };

    /// <summary>A good authorization request, as the function app sends it; a null value leaves a parameter out.</summary>
    private Dictionary<string, string?> Authorization(string? loginHint = null) => new(StringComparer.Ordinal)
    {
        ["client_id"] = "hub-local",
        ["redirect_uri"] = Callback,
        ["response_type"] = "code",
        ["scope"] = "openid profile",
        ["state"] = State,
        ["nonce"] = Nonce,
        ["code_challenge"] = Challenge,
        ["code_challenge_method"] = "S256",
        ["login_hint"] = loginHint,
    };

    private FormUrlEncodedContent SignInForm(string action, string name)
        => new(Authorization().Where(parameter => parameter.Value is not null).Append(new("name", name)).Append(new("action", action)));

    /// <summary>Signs in with <c>login_hint</c>, as the function app does for scripts and tests; returns the code.</summary>
    private async Task<string> SignInAsync(string name)
    {
        using var issuer = IssuerClient();
        using var response = await issuer.GetAsync(QueryHelpers.AddQueryString("/authorize", Authorization(loginHint: name)));
        return AssertRedirectToCallback(response, HttpStatusCode.Found)["code"].ToString();
    }

    /// <summary>The function app's token request for <paramref name="code"/>, changed by <paramref name="change"/>.</summary>
    private async Task<HttpResponseMessage> ExchangeAsync(string code, Action<Dictionary<string, string?>>? change = null, bool basicAuthentication = false)
    {
        var form = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = Callback,
            ["code_verifier"] = Verifier,
            ["client_id"] = Provider.ClientId,
            ["client_secret"] = Provider.ClientSecret,
        };
        change?.Invoke(form);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token");
        if (basicAuthentication)
        {
            // RFC 6749 §2.3.1: each part form-encoded, then the pair in Base64.
            var pair = $"{Uri.EscapeDataString(form["client_id"]!)}:{Uri.EscapeDataString(form["client_secret"]!)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
            form.Remove("client_id");
            form.Remove("client_secret");
        }

        request.Content = new FormUrlEncodedContent(form.Where(parameter => parameter.Value is not null));
        using var issuer = IssuerClient();
        return await issuer.SendAsync(request);
    }

    private async Task<JsonWebToken> ValidIdTokenAsync(string code)
    {
        using var response = await ExchangeAsync(code);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await ValidateAsync((string)(await response.JsonAsync())["id_token"]!);
    }

    /// <summary>Validates an ID token as a relying party does: by the issuer's published keys, issuer, audience and lifetime.</summary>
    private async Task<JsonWebToken> ValidateAsync(string idToken)
    {
        using var issuer = IssuerClient();
        var keys = new JsonWebKeySet(await issuer.GetStringAsync("/keys"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Provider.ClientId,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    /// <summary>Asserts the answer redirects to the API's callback, and returns the callback's query.</summary>
    private Dictionary<string, Microsoft.Extensions.Primitives.StringValues> AssertRedirectToCallback(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(Callback, location.GetLeftPart(UriPartial.Path));
        return QueryHelpers.ParseQuery(location.Query);
    }

    private static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The page's one field a person fills in: every other input is hidden.</summary>
    private static IElement AssertOneVisibleField(IDocument page)
    {
        var field = Assert.Single(page.QuerySelectorAll("input:not([type=hidden]), textarea, select"));
        Assert.Equal(("text", "name"), (field.GetAttribute("type"), field.GetAttribute("name")));
        return field;
    }
}
