using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hub.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Hub.IntegrationTests.SignIn;

/// <summary>
/// Each OAuth 2.0 kind's whole sign-in over real HTTP, through the local host's stand-in for it:
/// start, the provider's authorize, the callback (token and user-info requests), then what the
/// commenter token does; and the refusals, which send the browser back saying so and change nothing.
/// </summary>
public sealed class OAuthKindFlowTests(HubServer hub) : IClassFixture<HubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    public static TheoryData<string> Kinds => ["wordpress-com", "github", "facebook", "x"];

    private string Page(string entryId) => new Uri(hub.SiteAddress, $"/entries/{entryId}/").ToString();

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_commenter_signs_in_posts_is_shown_signed_in_with_the_provider_once_approved_then_is_a_known_author(string kind)
    {
        var (provider, providerName) = SignIns.StandIn(kind);
        await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0, holdAllComments = false, approveKnownAuthors = true });
        var (entryId, _) = await _maintainer.NewEntryAsync();
        var back = await hub.SignInAsync($"Ada {kind}", Page(entryId), provider);
        Assert.Equal(Page(entryId), back.GetLeftPart(UriPartial.Query));
        using var commenter = hub.Commenter(QueryHelpers.ParseQuery(back.Fragment.TrimStart('#'))["signed-in"].ToString());

        using var first = await commenter.PostSignedInAsync(entryId, new JsonObject { ["content"] = "Who signed this contract?" });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var held = await first.JsonAsync();
        var queued = await _maintainer.FindInQueueAsync("pending", (string)held["id"]!) ?? throw new InvalidOperationException("not queued");
        Assert.Equal($"Ada {kind}", (string?)queued["authorName"]);
        Assert.Equal("", (string?)queued["authorEmail"]);
        Assert.Equal(providerName, (string?)queued["signedInWith"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)queued["identity"]);

        await _maintainer.ModerateAsync(entryId, (string)held["id"]!, "pending", "approved");
        var shown = Assert.Single(await _reader.PublicCommentsAsync(entryId));
        Assert.Equal(providerName, (string?)shown["signedInWith"]);

        using var second = await commenter.PostSignedInAsync(entryId, new JsonObject { ["content"] = "And who paid for it?" });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());
        Assert.Contains($"signed in with {providerName}", await site.GetStringAsync(Page(entryId)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wordpress-com", "/wordpress-com/oauth2/authorize", "auth", false)]
    [InlineData("github", "/github/login/oauth/authorize", null, true)]
    [InlineData("facebook", "/facebook/v24.0/dialog/oauth", "public_profile", true)]
    [InlineData("x", "/x/i/oauth2/authorize", "users.read tweet.read", true)]
    public async Task Start_asks_the_kind_for_its_scopes_never_an_email_with_PKCE_where_it_takes_it_and_no_nonce(string kind, string path, string? scope, bool pkce)
    {
        using var browser = SignIns.Stepwise();
        var authorize = await SignIns.RedirectAsync(browser, hub.Start(hub.SiteAddress.ToString(), provider: SignIns.StandIn(kind).Id), HttpStatusCode.Found);
        var query = QueryHelpers.ParseQuery(authorize.Query);

        Assert.Equal(hub.SignInIssuerAddress.GetLeftPart(UriPartial.Authority) + path, authorize.GetLeftPart(UriPartial.Path));
        Assert.Equal(scope, query.TryGetValue("scope", out var scopes) ? scopes.ToString() : null);
        Assert.DoesNotContain("email", authorize.Query, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(pkce, query.ContainsKey("code_challenge"));
        Assert.False(query.ContainsKey("nonce"));
        Assert.Equal(new Uri(hub.BaseAddress, $"/api/auth/local-{kind}/callback").ToString(), query["redirect_uri"]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_same_person_is_the_same_identity_however_their_name_is_written_and_another_is_not(string kind)
    {
        var provider = SignIns.StandIn(kind).Id;
        await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0, holdAllComments = true });
        var (entryId, _) = await _maintainer.NewEntryAsync();

        var identities = new List<string?>();
        foreach (var name in new[] { "Grace Hopper", "grace hopper", "Alan Turing" })
        {
            using var commenter = hub.Commenter(await hub.CommenterTokenAsync(name, provider));
            using var posted = await commenter.PostSignedInAsync(entryId, new JsonObject { ["content"] = $"From {name}." });
            identities.Add((string?)(await _maintainer.FindInQueueAsync("pending", (string)(await posted.JsonAsync())["id"]!))!["identity"]);
        }

        Assert.Equal(identities[0], identities[1]);
        Assert.NotEqual(identities[0], identities[2]);
        await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { holdAllComments = false });
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_replayed_code_a_wrong_state_and_a_provider_error_send_the_browser_back_saying_so_and_change_nothing(string kind)
    {
        var provider = SignIns.StandIn(kind).Id;
        using var browser = SignIns.Stepwise();
        var toProvider = await SignIns.RedirectAsync(browser, hub.Start(hub.SiteAddress.ToString(), "Replayer", provider), HttpStatusCode.Found);
        var callback = await SignIns.RedirectAsync(browser, toProvider, HttpStatusCode.Found);
        var state = QueryHelpers.ParseQuery(callback.Query)["state"].ToString();
        var before = await QueueLengthAsync();

        var first = await SignIns.RedirectAsync(browser, callback, HttpStatusCode.SeeOther);
        var replayed = await SignIns.RedirectAsync(browser, callback, HttpStatusCode.SeeOther);
        var denied = await SignIns.RedirectAsync(browser, new Uri(hub.BaseAddress, $"/api/auth/{provider}/callback?error=access_denied&state={Uri.EscapeDataString(state)}"), HttpStatusCode.SeeOther);
        using var otherState = await browser.GetAsync(new Uri(hub.BaseAddress, $"/api/auth/{provider}/callback?code=abc&state=made-up"));
        using var anotherProvidersState = await browser.GetAsync(new Uri(hub.BaseAddress, $"/api/auth/local/callback?code=abc&state={Uri.EscapeDataString(state)}"));

        Assert.StartsWith("#signed-in=", first.Fragment, StringComparison.Ordinal);
        Assert.Equal("#sign-in-failed=sign-in-refused", replayed.Fragment);
        Assert.Equal("#sign-in-failed=access_denied", denied.Fragment);
        Assert.Equal(["state"], (await otherState.AssertProblemAsync(400)).ErrorFields());
        Assert.Equal(["state"], (await anotherProvidersState.AssertProblemAsync(400)).ErrorFields());
        Assert.Equal(before, await QueueLengthAsync());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_stand_in_s_user_info_refuses_a_missing_or_wrong_access_token(string kind)
    {
        using var standIn = new HttpClient { BaseAddress = hub.SignInIssuerAddress };
        standIn.DefaultRequestHeaders.UserAgent.ParseAdd("hub-tests/1");
        var path = kind switch { "wordpress-com" => "/wordpress-com/rest/v1/me", "github" => "/github/user", "facebook" => "/facebook/v24.0/me", _ => "/x/2/users/me" };

        using var missing = await standIn.GetAsync(path);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new("Bearer", "not-a-token") } };
        using var refused = await standIn.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private async Task<int> QueueLengthAsync()
        => (await _maintainer.GetJsonAsync("/api/manage/comments?status=pending&limit=100"))["items"]!.AsArray().Count;
}
