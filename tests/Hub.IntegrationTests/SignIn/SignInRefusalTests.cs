using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Hub.Core.Comments;
using Hub.Functions.Auth;
using Hub.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hub.IntegrationTests.SignIn;

/// <summary>What sign-in refuses: tokens it did not make or that have run out, return addresses off the site, state it did not seal.</summary>
public sealed class SignInRefusalTests(HubServer hub) : IClassFixture<HubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    public static TheoryData<string> Forgeries => ["one character changed", "signed with another key", "expired", "unsigned", "not a token", "for a provider no longer offered"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_expired_commenter_token_is_a_401_and_stores_nothing(string forgery)
    {
        var (entryId, _) = await _maintainer.NewEntryAsync();
        var token = await ForgeAsync(forgery);
        using var commenter = hub.Commenter(token);

        using var response = await commenter.PostSignedInAsync(entryId, new JsonObject { ["content"] = "Let me in." });
        await response.AssertProblemAsync(401);

        Assert.Equal("Commenter", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain((await _maintainer.GetJsonAsync("/api/manage/comments?status=pending&limit=100"))["items"]!.AsArray(), item => (string?)item!["entryId"] == entryId);
    }

    [Theory]
    [InlineData("https://evil.example/entries/x/")]
    [InlineData("//evil.example/")]
    [InlineData("/entries/x/")]
    [InlineData("")]
    public async Task A_return_address_off_the_site_is_a_400_naming_it(string returnTo)
    {
        using var browser = SignIns.Stepwise();
        using var response = await browser.GetAsync(hub.Start(returnTo));

        Assert.Equal(["returnTo"], (await response.AssertProblemAsync(400)).ErrorFields());
    }

    [Fact]
    public async Task The_API_s_own_origin_is_not_the_site()
    {
        using var browser = SignIns.Stepwise();
        using var response = await browser.GetAsync(hub.Start(new Uri(hub.BaseAddress, "/api/health").ToString()));

        Assert.Equal(["returnTo"], (await response.AssertProblemAsync(400)).ErrorFields());
    }

    [Fact]
    public async Task An_unknown_provider_is_a_404()
    {
        using var browser = SignIns.Stepwise();
        using var response = await browser.GetAsync(hub.Start(hub.SiteAddress.ToString(), provider: "facebook"));

        await response.AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("?code=abc")]
    [InlineData("?code=abc&state=made-up")]
    [InlineData("?code=abc&state=eyJhbGciOiJub25lIn0.eyJwcm92aWRlciI6ImxvY2FsIn0.")]
    public async Task A_callback_with_state_the_hub_did_not_seal_is_a_400(string query)
    {
        using var browser = SignIns.Stepwise();
        using var response = await browser.GetAsync(new Uri(hub.BaseAddress, "/api/auth/local/callback" + query));

        Assert.Equal(["state"], (await response.AssertProblemAsync(400)).ErrorFields());
    }

    [Fact]
    public async Task A_cancelled_or_refused_sign_in_returns_to_the_page_saying_so()
    {
        using var browser = SignIns.Stepwise();
        var authorize = await SignIns.RedirectAsync(browser, hub.Start(hub.SiteAddress.ToString()), HttpStatusCode.Found);
        var state = QueryHelpers.ParseQuery(authorize.Query)["state"].ToString();

        var cancelled = await SignIns.RedirectAsync(browser, new Uri(hub.BaseAddress, $"/api/auth/local/callback?error=access_denied&state={Uri.EscapeDataString(state)}"), HttpStatusCode.SeeOther);
        var badCode = await SignIns.RedirectAsync(browser, new Uri(hub.BaseAddress, $"/api/auth/local/callback?code=not-a-code&state={Uri.EscapeDataString(state)}"), HttpStatusCode.SeeOther);

        Assert.Equal("#sign-in-failed=access_denied", cancelled.Fragment);
        Assert.Equal("#sign-in-failed=sign-in-refused", badCode.Fragment);
        Assert.Equal(hub.SiteAddress.GetLeftPart(UriPartial.Authority), cancelled.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>A token of each kind the hub must refuse; the real ones are made by the hub's own <see cref="CommenterTokens"/>.</summary>
    private async Task<string> ForgeAsync(string forgery)
    {
        var tokens = hub.Services.GetRequiredService<CommenterTokens>();
        var identity = new CommenterIdentity(SignIns.Provider, SignIns.ProviderName, new string('a', 64), "Mallory");
        var genuine = await tokens.IssueAsync(identity, CancellationToken.None);
        var handler = new JsonWebTokenHandler();
        var claims = new Dictionary<string, object> { ["sub"] = identity.Key, ["name"] = "Mallory", ["idp"] = SignIns.Provider, ["idpName"] = SignIns.ProviderName };
        return forgery switch
        {
            "one character changed" => genuine[..^3] + (genuine[^3] == 'A' ? 'B' : 'A') + genuine[^2..],
            "signed with another key" => handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = "hub",
                Audience = "hub-commenter",
                Claims = claims,
                Expires = DateTime.UtcNow.AddHours(1),
                SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256),
            }),
            "expired" => await tokens.IssueAsync(identity, DateTimeOffset.UtcNow.AddHours(-25), CancellationToken.None),
            "unsigned" => handler.CreateToken(new SecurityTokenDescriptor { Issuer = "hub", Audience = "hub-commenter", Claims = claims, Expires = DateTime.UtcNow.AddHours(1) }),
            "not a token" => "letmein",
            "for a provider no longer offered" => await tokens.IssueAsync(identity with { ProviderId = "retired" }, CancellationToken.None),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };
    }
}
