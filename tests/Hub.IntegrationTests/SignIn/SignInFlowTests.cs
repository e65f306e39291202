using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hub.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Hub.IntegrationTests.SignIn;

/// <summary>
/// The whole sign-in, over real HTTP through the local host's stand-in issuer: start, the
/// provider, the callback, and what the token then does for a commenter's comments.
/// </summary>
public sealed class SignInFlowTests(HubServer hub) : IClassFixture<HubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    private string Page(string entryId) => new Uri(hub.SiteAddress, $"/entries/{entryId}/").ToString();

    [Fact]
    public async Task The_providers_are_listed_by_id_and_name_only()
    {
        var listed = await _reader.GetJsonAsync("/api/auth/providers");

        var local = Assert.Single(listed["providers"]!.AsArray(), provider => (string?)provider!["id"] == SignIns.Provider)!.AsObject();
        Assert.Equal(SignIns.ProviderName, (string?)local["name"]);
        Assert.Equal(["id", "name"], local.Select(property => property.Key));
    }

    [Fact]
    public async Task Start_sends_the_browser_to_the_provider_with_PKCE_state_and_nonce_and_nothing_readable_about_the_page()
    {
        var (entryId, _) = await _maintainer.NewEntryAsync();
        using var browser = SignIns.Stepwise();
        var authorize = await SignIns.RedirectAsync(browser, hub.Start(Page(entryId)), HttpStatusCode.Found);
        var query = QueryHelpers.ParseQuery(authorize.Query);

        Assert.Equal(hub.SignInIssuerAddress.GetLeftPart(UriPartial.Authority), authorize.GetLeftPart(UriPartial.Authority));
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("openid profile", query["scope"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"].ToString().Length);
        Assert.Equal(new Uri(hub.BaseAddress, "/api/auth/local/callback").ToString(), query["redirect_uri"]);
        Assert.True(query["nonce"].ToString().Length >= 16);
        Assert.DoesNotContain(entryId, authorize.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("login_hint", authorize.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_commenter_signs_in_posts_and_is_shown_signed_in_once_approved_then_is_a_known_author()
    {
        await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0, holdAllComments = false, approveKnownAuthors = true });
        var (entryId, _) = await _maintainer.NewEntryAsync();
        var back = await hub.SignInAsync("Grace Hopper", Page(entryId));
        Assert.Equal(Page(entryId), back.GetLeftPart(UriPartial.Query));
        var token = QueryHelpers.ParseQuery(back.Fragment.TrimStart('#'))["signed-in"].ToString();
        using var commenter = hub.Commenter(token);

        using var first = await commenter.PostSignedInAsync(entryId, new JsonObject { ["content"] = "Who signed this contract?" });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var held = await first.JsonAsync();
        var queued = await _maintainer.FindInQueueAsync("pending", (string)held["id"]!) ?? throw new InvalidOperationException("not queued");
        Assert.Equal("Grace Hopper", (string?)queued["authorName"]);
        Assert.Equal("", (string?)queued["authorEmail"]);
        Assert.Equal(SignIns.ProviderName, (string?)queued["signedInWith"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)queued["identity"]);

        await _maintainer.ModerateAsync(entryId, (string)held["id"]!, "pending", "approved");
        var shown = Assert.Single(await _reader.PublicCommentsAsync(entryId));
        Assert.Equal(SignIns.ProviderName, (string?)shown["signedInWith"]);
        Assert.Null(shown["identity"]);
        Assert.Null(shown["authorEmail"]);

        using var second = await commenter.PostSignedInAsync(entryId, new JsonObject { ["content"] = "And who paid for it?" });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(SignIns.ProviderName, (string?)(await second.JsonAsync())["signedInWith"]);

        using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());
        var page = await site.GetStringAsync(Page(entryId));
        Assert.Contains($"signed in with {SignIns.ProviderName}", page, StringComparison.Ordinal);
        Assert.Contains("Grace Hopper", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_known_author_rule_trusts_the_identity_not_a_typed_name()
    {
        await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0, holdAllComments = false, approveKnownAuthors = true });
        var (entryId, _) = await _maintainer.NewEntryAsync();
        using var grace = hub.Commenter(await hub.CommenterTokenAsync("Grace"));
        using var first = await grace.PostSignedInAsync(entryId, new JsonObject { ["content"] = "First." });
        await _maintainer.ModerateAsync(entryId, (string)(await first.JsonAsync())["id"]!, "pending", "approved");

        // Typing the same name (with any email) is not signing in: held, as a stranger's comment is.
        using var typed = await _reader.PostCommentAsync(entryId, Discussion.Comment("Typed name.", name: "Grace", email: "grace@example.org"));
        using var again = await grace.PostSignedInAsync(entryId, new JsonObject { ["content"] = "Second." });

        Assert.Equal(HttpStatusCode.Accepted, typed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task The_discussion_rules_still_apply_to_a_signed_in_commenter()
    {
        await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 60, linkLimit = 1, holdAllComments = false, approveKnownAuthors = true });
        var (entryId, _) = await _maintainer.NewEntryAsync();
        using var commenter = hub.Commenter(await hub.CommenterTokenAsync("Rule Tester"));

        using var links = await commenter.PostSignedInAsync(entryId, new JsonObject { ["content"] = "See https://a.example and https://b.example" });
        Assert.Equal(HttpStatusCode.Accepted, links.StatusCode); // held for its links

        // The flood limit follows the identity from any address.
        using var elsewhere = hub.Commenter(commenter.DefaultRequestHeaders.Authorization!.Parameter!);
        await (await elsewhere.PostSignedInAsync(entryId, new JsonObject { ["content"] = "Again, at once." })).AssertProblemAsync(429);

        var badParent = await (await commenter.PostSignedInAsync(entryId, new JsonObject { ["content"] = "Reply", ["parentId"] = "not a comment id" })).AssertProblemAsync(400);
        Assert.Contains("parentId", badParent.ErrorFields());
        await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0, linkLimit = 2 });
    }

    [Fact]
    public async Task A_name_sent_with_a_sign_in_is_refused_naming_it_and_stores_nothing()
    {
        var (entryId, _) = await _maintainer.NewEntryAsync();
        using var commenter = hub.Commenter(await hub.CommenterTokenAsync("Ada"));

        var problem = await (await commenter.PostSignedInAsync(entryId, new JsonObject { ["authorName"] = "Someone Else", ["content"] = "Hello." })).AssertProblemAsync(400);

        Assert.Equal(["authorName"], problem.ErrorFields());
        Assert.Empty(await _reader.PublicCommentsAsync(entryId));
    }

    [Fact]
    public async Task A_signed_in_commenter_withdraws_their_own_comment_and_no_one_else_s()
    {
        await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0 });
        var (entryId, _) = await _maintainer.NewEntryAsync();
        using var author = hub.Commenter(await hub.CommenterTokenAsync("Author"));
        using var stranger = hub.Commenter(await hub.CommenterTokenAsync("Stranger"));
        using var posted = await author.PostSignedInAsync(entryId, new JsonObject { ["content"] = "I may take this back." });
        var commentId = (string)(await posted.JsonAsync())["id"]!;

        await (await stranger.DeleteAsync($"/api/resources/{entryId}/comments/{commentId}")).AssertProblemAsync(403);
        using var withdrawn = await author.DeleteAsync($"/api/resources/{entryId}/comments/{commentId}");

        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        Assert.Null(await _maintainer.FindInQueueAsync("pending", commentId));
    }

    [Fact]
    public async Task Personal_data_is_exported_and_erased_by_identity()
    {
        await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0 });
        var (entryId, _) = await _maintainer.NewEntryAsync();
        using var commenter = hub.Commenter(await hub.CommenterTokenAsync("Data Subject"));
        foreach (var text in new[] { "One.", "Two." })
        {
            using var posted = await commenter.PostSignedInAsync(entryId, new JsonObject { ["content"] = text });
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        var queued = (await _maintainer.GetJsonAsync("/api/manage/comments?status=pending&limit=100"))["items"]!.AsArray()
            .First(item => (string?)item!["authorName"] == "Data Subject")!;
        var identity = (string)queued["identity"]!;

        using var exported = await _maintainer.PostAsJsonAsync("/api/manage/personal-data/export", new { identity });
        var export = await exported.JsonAsync();
        Assert.Equal(identity, (string?)export["identity"]);
        Assert.Equal(["One.", "Two."], export["comments"]!.AsArray().Select(comment => (string?)comment!["content"]));

        using var erased = await _maintainer.PostAsJsonAsync("/api/manage/personal-data/erase", new { identity });
        Assert.Equal(2, (int)(await erased.JsonAsync())["erased"]!);
        using var again = await _maintainer.PostAsJsonAsync("/api/manage/personal-data/export", new { identity });
        Assert.Empty((await again.JsonAsync())["comments"]!.AsArray());

        var neither = await (await _maintainer.PostAsJsonAsync("/api/manage/personal-data/export", new { })).AssertProblemAsync(400);
        var both = await (await _maintainer.PostAsJsonAsync("/api/manage/personal-data/export", new { identity, email = "a@example.org" })).AssertProblemAsync(400);
        var notOne = await (await _maintainer.PostAsJsonAsync("/api/manage/personal-data/export", new { identity = "google:12345" })).AssertProblemAsync(400);
        Assert.Equal(["email"], neither.ErrorFields());
        Assert.Equal(["email"], both.ErrorFields());
        Assert.Equal(["identity"], notOne.ErrorFields());
    }
}
