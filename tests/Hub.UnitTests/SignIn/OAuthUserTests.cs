using System.Text.Json;
using Hub.Core.Settings;
using Hub.Functions.Auth;

namespace Hub.UnitTests.SignIn;

/// <summary>
/// Who each OAuth 2.0 kind's user-info answer names: its stable id of the documented JSON type
/// (never a login, which may be renamed and reused), and the name shown: the display name, else the login.
/// </summary>
public sealed class OAuthUserTests
{
    [Theory]
    // GitHub's GET /user: id a number, name may be null, login always there.
    [InlineData("github", """{ "login": "octocat", "id": 583231, "node_id": "MDQ6VXNlcjU4MzIzMQ==", "name": "The Octocat" }""", "583231", "The Octocat")]
    [InlineData("github", """{ "login": "octocat", "id": 583231, "name": null }""", "583231", "octocat")]
    [InlineData("github", """{ "login": "octocat", "id": 583231, "name": "   " }""", "583231", "octocat")]
    [InlineData("github", """{ "login": "octocat", "id": "583231", "name": "The Octocat" }""", null, null)]
    [InlineData("github", """{ "login": "octocat", "name": "The Octocat" }""", null, null)]
    [InlineData("github", """{ "login": "octocat", "id": 1.5 }""", null, null)]
    [InlineData("github", """{ "login": "octocat", "id": -4 }""", null, null)]
    [InlineData("github", """[{ "id": 583231 }]""", null, null)]
    // X's GET /2/users/me: everything inside data; id a string of digits.
    [InlineData("x", """{ "data": { "id": "2244994945", "name": "X Dev", "username": "TwitterDev" } }""", "2244994945", "X Dev")]
    [InlineData("x", """{ "data": { "id": "2244994945", "username": "TwitterDev" } }""", "2244994945", "TwitterDev")]
    [InlineData("x", """{ "id": "2244994945", "name": "X Dev" }""", null, null)]
    [InlineData("x", """{ "data": { "id": 2244994945, "name": "X Dev" } }""", null, null)]
    [InlineData("x", """{ "errors": [{ "title": "Unauthorized" }] }""", null, null)]
    // Facebook's /me?fields=id,name: an app-scoped id as a string; no login to fall back on.
    [InlineData("facebook", """{ "id": "10158123456789012", "name": "Ada Lovelace" }""", "10158123456789012", "Ada Lovelace")]
    [InlineData("facebook", """{ "id": "10158123456789012" }""", "10158123456789012", "Facebook user")]
    [InlineData("facebook", """{ "id": "", "name": "Ada Lovelace" }""", null, null)]
    [InlineData("facebook", """{ "id": " 1015 ", "name": "Ada Lovelace" }""", null, null)]
    [InlineData("facebook", """{ "error": { "message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190 } }""", null, null)]
    // WordPress.com's /rest/v1/me: ID a number, display_name, else username; its email is never read.
    [InlineData("wordpress-com", """{ "ID": 12345678, "display_name": "Ada L.", "username": "adalovelace", "email": "ada@example.org" }""", "12345678", "Ada L.")]
    [InlineData("wordpress-com", """{ "ID": 12345678, "display_name": "ada@example.org", "username": "adalovelace" }""", "12345678", "adalovelace")]
    [InlineData("wordpress-com", """{ "ID": 12345678, "username": "adalovelace" }""", "12345678", "adalovelace")]
    [InlineData("wordpress-com", """{ "id": 12345678, "display_name": "Ada L." }""", null, null)]
    [InlineData("wordpress-com", """{ "error": "authorization_required", "message": "An active access token must be used to query information about the current user." }""", null, null)]
    public void Each_kind_reads_the_stable_id_and_the_name_from_its_answer(string kind, string answer, string? id, string? name)
    {
        var provider = new SignInProvider { Id = kind, Name = OAuthKinds.Of(kind).DisplayName, Kind = kind };
        using var json = JsonDocument.Parse(answer);

        var user = OAuthKinds.Of(kind).ReadUser(json.RootElement);

        Assert.Equal(id, user?.Id);
        Assert.Equal(name, user is null ? null : CommenterName.From(user, provider));
    }

    [Fact]
    public void Every_known_kind_has_its_facts_and_none_asks_for_an_email()
    {
        Assert.Equal(SignInKinds.All, OAuthKinds.All.Select(kind => kind.Name));
        Assert.All(OAuthKinds.All, kind =>
        {
            Assert.DoesNotContain("email", kind.Scope, StringComparison.OrdinalIgnoreCase);
            Assert.All([kind.AuthorizationEndpoint, kind.TokenEndpoint, kind.UserInfoEndpoint], endpoint => Assert.Equal(Uri.UriSchemeHttps, endpoint.Scheme));
        });
    }

    [Theory]
    [InlineData("http://127.0.0.1:7073", true)]
    [InlineData("http://[::1]:7073", true)]
    [InlineData("http://localhost:7073", true)]
    [InlineData("https://github.com", false)]
    [InlineData("http://10.0.0.5:7073", false)]
    public void Only_loopback_may_stand_in_for_the_kinds_endpoints(string origin, bool allowed)
    {
        var failure = Record.Exception(() => OAuthEndpoints.StandIns(new Uri(origin)));

        Assert.Equal(allowed, failure is null);
        if (allowed)
        {
            Assert.Equal($"{new Uri(origin).GetLeftPart(UriPartial.Authority)}/github/login/oauth/authorize", OAuthEndpoints.StandIns(new Uri(origin)).Of(OAuthKinds.GitHub, OAuthKinds.GitHub.AuthorizationEndpoint).ToString());
        }
    }

    [Fact]
    public void The_function_app_s_endpoints_are_each_kind_s_production_ones()
        => Assert.All(OAuthKinds.All, kind => Assert.Equal(kind.TokenEndpoint, OAuthEndpoints.Production.Of(kind, kind.TokenEndpoint)));
}
