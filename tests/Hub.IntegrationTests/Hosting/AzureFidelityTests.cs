using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hub.LocalHost.Content;
using Hub.LocalHost.Platform;
using Hub.Testing;

namespace Hub.IntegrationTests.Hosting;

/// <summary>
/// What Azure does around the functions, and the local host does the same: two origins with the
/// platform's CORS, host.json's headers on every API answer, and the client's address taken from
/// the connection, never from a header the client writes.
/// </summary>
public sealed class AzureFidelityTests(HubServer hub) : IClassFixture<HubServer>
{
    private const string Stranger = "https://elsewhere.example";

    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    private string SiteOrigin => hub.SiteAddress.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task Every_api_answer_carries_the_headers_host_json_names()
    {
        var headers = HostJson.Read(Path.Combine(RepositoryLayout.FindRoot(), "host.json")).CustomHeaders;
        Assert.Contains("Content-Security-Policy", headers.Keys);
        Assert.Contains("X-Content-Type-Options", headers.Keys);

        using var preflight = Preflight(SiteOrigin, "PUT");
        var answers = new[]
        {
            await _reader.GetAsync("/api/health"),
            await _reader.GetAsync("/api/resources/no-such-entry"),
            await _reader.GetAsync("/api/no-such-route"),
            await _reader.GetAsync("/api/manage/me"),
            await _reader.SendAsync(preflight),
        };

        foreach (var answer in answers)
        {
            foreach (var (name, value) in headers)
            {
                Assert.True(answer.Headers.TryGetValues(name, out var values), $"{answer.RequestMessage!.Method} {answer.RequestMessage.RequestUri} ({(int)answer.StatusCode}) lacks {name}");
                Assert.Equal(value, Assert.Single(values));
            }

            answer.Dispose();
        }
    }

    [Fact]
    public async Task The_site_is_another_origin_served_as_the_static_website_serves_it()
    {
        Assert.NotEqual(SiteOrigin, hub.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());

        using var home = await site.GetAsync("/");
        var page = WebUtility.HtmlDecode(await home.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains($"connect-src 'self' {hub.BaseAddress.GetLeftPart(UriPartial.Authority)};", page, StringComparison.Ordinal);
        Assert.False(home.Headers.Contains("Content-Security-Policy"), "blob storage sends no policy header: the meta tag is all there is");

        var config = await site.GetFromJsonAsync<JsonObject>("/config.json");
        Assert.Equal(hub.BaseAddress.GetLeftPart(UriPartial.Authority), (string?)config!["apiBase"]);

        using var missing = await site.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("<html", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cors_admits_the_sites_origin_alone_and_exposes_no_headers()
    {
        using var allowedPreflight = await _reader.SendAsync(Preflight(SiteOrigin, "PUT", "authorization, content-type, if-match"));
        Assert.Equal(HttpStatusCode.NoContent, allowedPreflight.StatusCode);
        Assert.Equal(SiteOrigin, allowedPreflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", allowedPreflight.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);

        using var strangerPreflight = await _reader.SendAsync(Preflight(Stranger, "PUT", "authorization"));
        Assert.False(strangerPreflight.Headers.Contains("Access-Control-Allow-Origin"));

        using var fromSite = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        fromSite.Headers.Add("Origin", SiteOrigin);
        using var read = await _reader.SendAsync(fromSite);
        Assert.Equal(SiteOrigin, read.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(read.Headers.Contains("Access-Control-Expose-Headers"), "Azure's CORS settings cannot expose headers");

        using var fromStranger = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        fromStranger.Headers.Add("Origin", Stranger);
        using var unreadable = await _reader.SendAsync(fromStranger);
        Assert.False(unreadable.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_entry_carries_its_etag_in_the_body_for_an_editor_on_the_site()
    {
        var id = Entries.NewId();
        var category = Entries.NewCategory();
        await _maintainer.PutOkAsync(id, Entries.Draft(category, "First"));

        using var read = await _reader.GetAsync($"/api/resources/{id}");
        var etag = (string)(await read.JsonAsync())["etag"]!;
        Assert.Equal(read.Headers.ETag!.ToString(), etag);

        await _maintainer.PutOkAsync(id, Entries.Draft(category, "Changed by someone else"));
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/manage/resources/{id}") { Content = JsonContent.Create(Entries.Draft(category, "Mine")) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await (await _maintainer.SendAsync(stale)).AssertProblemAsync(412);
        Assert.Equal("Changed by someone else", (string?)(await _reader.GetJsonAsync($"/api/resources/{id}"))["title"]);
    }

    [Fact]
    public async Task A_client_cannot_dodge_the_flood_limit_by_writing_forwarding_headers()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        using var client = Clients.From(hub.BaseAddress, Clients.NewAddress());
        var accepted = 0;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/resources/{entry}/comments")
            {
                Content = JsonContent.Create(Discussion.Comment($"Attempt {attempt}.")),
            };
            var invented = $"203.0.113.{attempt + 1}";
            post.Headers.Add("X-Forwarded-For", invented);
            post.Headers.Add("X-Real-IP", invented);
            post.Headers.Add("X-Client-IP", invented);
            post.Headers.Add("Forwarded", $"for={invented}");
            using var answer = await client.SendAsync(post);
            if (answer.StatusCode == HttpStatusCode.Accepted)
            {
                accepted++;
            }
            else
            {
                await answer.AssertProblemAsync(429);
            }
        }

        Assert.Equal(1, accepted);
    }

    [Fact]
    public async Task Distinct_clients_posting_at_once_are_not_throttled_by_one_another()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = Enumerable.Range(0, 10).Select(async n =>
        {
            await start.Task;
            using var answer = await _reader.PostCommentAsync(entry, Discussion.Comment($"Reader {n} says hello."), Clients.NewAddress());
            return answer.StatusCode;
        }).ToList();

        start.SetResult();

        Assert.All(await Task.WhenAll(posts), status => Assert.Equal(HttpStatusCode.Accepted, status));
    }

    [Fact]
    public async Task The_same_commenter_from_another_address_waits_too()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var email = $"roams-{Guid.NewGuid():N}@example.org";
        await _reader.PostCommentOkAsync(entry, Discussion.Comment("From home.", email: email));

        using var fromPhone = await _reader.PostCommentAsync(entry, Discussion.Comment("From my phone.", email: email.ToUpperInvariant()), Clients.NewAddress());

        await fromPhone.AssertProblemAsync(429);
    }

    private static HttpRequestMessage Preflight(string origin, string method, string? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/manage/resources/some-entry");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return request;
    }
}
