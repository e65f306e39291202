using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hub.Core.Storage;
using Hub.Site.Rendering;
using Hub.Testing;

namespace Hub.IntegrationTests.Resources;

/// <summary>
/// POST /api/manage/preview: the console's Markdown preview comes from the pages' own pipeline
/// (one renderer, and no script in the console to render with), for moderators only, and it
/// stores nothing.
/// </summary>
public sealed class PreviewTests : IClassFixture<FaultyHubServer>
{
    private const string Path = "/api/manage/preview";

    private readonly FaultyHubServer _hub;

    public PreviewTests(FaultyHubServer hub)
    {
        _hub = hub;

        // A preview is not a write: no follow-up to run after it (and none to show up in what the probe records).
        hub.FollowUpsAfterEachWrite = false;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<string> PreviewOkAsync(object request)
    {
        using var maintainer = _hub.Maintainer();
        using var response = await maintainer.PostAsJsonAsync(Path, request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["html"], body.Select(pair => pair.Key));
        return (string)body["html"]!;
    }

    [Fact]
    public async Task An_entry_body_previews_as_its_page_shows_it_with_headings_emphasis_and_links()
    {
        const string markdown = "# Findings\n\nThe *report* names **two** agencies: [the contract](https://example.org/contract).\n\n## Sources\n\n- one\n- two\n";

        var html = await PreviewOkAsync(new { markdown, kind = "entry" });

        Assert.Equal(MarkdownText.Entry(markdown), html);
        Assert.Contains("<h2>Findings</h2>", html, StringComparison.Ordinal); // below the page's own h1
        Assert.Contains("<h3>Sources</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<em>report</em>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>two</strong>", html, StringComparison.Ordinal);
        Assert.Matches("<a href=\"https://example.org/contract\" rel=\"[^\"]*noopener[^\"]*\">the contract</a>", html);
        Assert.Contains("<li>one</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_kind_the_text_previews_as_an_entry_body()
    {
        const string markdown = "# Title\n\nText.";

        Assert.Equal(MarkdownText.Entry(markdown), await PreviewOkAsync(new { markdown }));
    }

    [Fact]
    public async Task A_comment_previews_with_the_comments_small_subset()
    {
        const string markdown = "# not a heading\n\n*yes* and [a link](https://example.org/a)";

        var html = await PreviewOkAsync(new { markdown, kind = "comment" });

        Assert.Equal(MarkdownText.Comment(markdown), html);
        Assert.DoesNotContain("<h", html, StringComparison.Ordinal);
        Assert.Contains("<em>yes</em>", html, StringComparison.Ordinal);
        Assert.Matches("<a href=\"https://example.org/a\" rel=\"[^\"]*nofollow[^\"]*\">a link</a>", html);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;", "<img")]
    [InlineData("[x](javascript:alert(1))", "<p>x</p>", "<a")]
    [InlineData("[x](JaVaScRiPt:alert(1))", "<p>x</p>", "<a")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "<p>x</p>", "<a")]
    [InlineData("<javascript:alert(1)>", "javascript:alert(1)", "<a")]
    [InlineData("![tracker](https://evil.example/pixel.png)", "<a href=\"https://evil.example/pixel.png\"", "<img")]
    [InlineData("[x](https://example.org/\" onmouseover=\"alert(1))", "", "onmouseover=\"")]
    public async Task Hostile_markdown_is_refused_as_markup_in_the_preview_too(string markdown, string expected, string absent)
    {
        foreach (var kind in new[] { "entry", "comment" })
        {
            var html = await PreviewOkAsync(new { markdown, kind });

            Assert.Contains(expected, html, StringComparison.Ordinal);
            Assert.DoesNotContain(absent, html, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(kind == "entry" ? MarkdownText.Entry(markdown) : MarkdownText.Comment(markdown), html);
        }
    }

    [Fact]
    public async Task The_longest_body_a_save_accepts_previews_even_when_every_character_is_escaped()
    {
        var markdown = new string('é', 29_999) + "\"";
        using var maintainer = _hub.Maintainer();
        var escaped = "{\"markdown\":\"" + string.Concat(markdown.Select(c => $"\\u{(int)c:x4}")) + "\"}";

        using var response = await maintainer.PostAsync(Path, Json(escaped));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MarkdownText.Entry(markdown), (string?)(await response.JsonAsync())["html"]);
    }

    public static TheoryData<string, string> BadFields() => new()
    {
        { "{}", "markdown" },
        { """{"markdown":null}""", "markdown" },
        { """{"kind":"entry"}""", "markdown" },
        { "{\"markdown\":\"" + new string('a', 30_001) + "\"}", "markdown" },
        { """{"markdown":"a\u0000b"}""", "markdown" },
        { """{"markdown":"a\u001bb"}""", "markdown" },
        { """{"markdown":"text","kind":"page"}""", "kind" },
        { """{"markdown":"text","kind":"Entry"}""", "kind" },
        { """{"markdown":"text","kind":""}""", "kind" },
        { """{"kind":"html"}""", "kind,markdown" },
        { "{\"markdown\":\"" + new string('>', 1_000) + "\"}", "markdown" }, // past Markdig's depth limit, which throws
        { "{\"markdown\":\"" + new string('[', 1_000) + "\"}", "markdown" },
        { "{\"markdown\":\"" + new string('[', 1_000) + "\",\"kind\":\"comment\"}", "markdown" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_missing_too_long_or_too_deeply_nested_text_or_an_unknown_kind_is_a_400_naming_the_field(string body, string fields)
    {
        using var maintainer = _hub.Maintainer();

        using var response = await maintainer.PostAsync(Path, Json(body));

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(fields.Split(','), problem.ErrorFields());
    }

    [Theory]
    [InlineData("""{"markdown":"text","html":"<b>x</b>"}""", "'html'")]
    [InlineData("""{"markdown":"text","markdown":"<script>"}""", "'markdown'")]
    [InlineData("""{"markdown":"text","Markdown":"other"}""", "'markdown'")]
    [InlineData("""["markdown"]""", "")]
    [InlineData("""{"markdown":5}""", "")]
    [InlineData("""{"markdown":"unclosed""", "")]
    public async Task An_unknown_member_a_member_named_twice_or_a_body_of_another_shape_is_a_400(string body, string named)
    {
        using var maintainer = _hub.Maintainer();

        using var response = await maintainer.PostAsync(Path, Json(body));

        var detail = (string?)(await response.AssertProblemAsync(400))["detail"];
        Assert.True(detail?.Contains(named, StringComparison.Ordinal), detail);
    }

    [Fact]
    public async Task Text_that_is_not_json_is_a_415()
    {
        using var maintainer = _hub.Maintainer();

        using var response = await maintainer.PostAsync(Path, new StringContent("# Title", Encoding.UTF8, "text/markdown"));

        await response.AssertProblemAsync(415);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Moderator maintainer.not-the-secret")]
    [InlineData("Bearer x")]
    public async Task Without_a_moderator_the_preview_is_a_401(string? authorization)
    {
        using var reader = _hub.Reader();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = Json("""{"markdown":"*hi*"}""") };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var response = await reader.SendAsync(request);

        var problem = await response.AssertProblemAsync(401);
        Assert.DoesNotContain("<em>", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.StartsWith("Moderator", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preview_reads_only_the_sign_in_and_stores_nothing()
    {
        using var maintainer = _hub.Maintainer();
        using var reader = _hub.Reader();
        await maintainer.PutOkAsync(Entries.NewId(), Entries.Draft(Entries.NewCategory()));
        await _hub.FinishFollowUpsAsync();
        var before = await StoredAsync(maintainer);

        _hub.Probe.StartRecording();
        using (var rendered = await maintainer.PostAsync(Path, Json("""{"markdown":"# Hi\n\n*there*"}""")))
        using (var invalid = await maintainer.PostAsync(Path, Json("""{"markdown":"x","kind":"page"}""")))
        using (var anonymous = await reader.PostAsync(Path, Json("""{"markdown":"x"}""")))
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized], [rendered.StatusCode, invalid.StatusCode, anonymous.StatusCode]);
        }

        var storage = _hub.Probe.StopRecording();

        // One point read of the moderator per signed-in request; no write, no queue message, no blob.
        Assert.Equal(2, storage.Count);
        Assert.All(storage, request => Assert.StartsWith($"GET /devstoreaccount1/{HubTables.Moderators}(", request, StringComparison.Ordinal));
        Assert.Equal(before, await StoredAsync(maintainer));
    }

    /// <summary>What a write could change: the entries, the queue counts, the newest audit event and the open follow-ups.</summary>
    private static async Task<string> StoredAsync(HttpClient maintainer)
        => string.Join('\n', await Task.WhenAll(
            maintainer.GetStringAsync("/api/resources?limit=100"),
            maintainer.GetStringAsync("/api/manage/comments/counts"),
            maintainer.GetStringAsync("/api/manage/audit?limit=1"),
            maintainer.GetStringAsync("/api/manage/follow-ups")));
}
