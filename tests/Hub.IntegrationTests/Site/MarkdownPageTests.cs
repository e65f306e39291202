using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Hub.Testing;

namespace Hub.IntegrationTests.Site;

/// <summary>
/// Markdown from the API to the reader's page over real HTTP: an entry's body with its links,
/// emphasis, lists, quotes and headings on its page and in the feed, a comment's subset on the
/// page and in the API, and nothing hostile surviving on either.
/// </summary>
public sealed class MarkdownPageTests(HubServer hub) : IClassFixture<HubServer>
{
    private const string Body = """
        The contract was **renewed** in 2024. [Read the timeline ›](https://example.org/timeline)

        # Findings

        - one *agency*
        - two agencies

        > A quote from the filing.

        See [the filing](mailto:foia@example.org) or ![the chart](https://tracker.example/pixel.png).
        """;

    /// <summary>Every vector of the unit table's kinds, in one body: raw HTML, hostile addresses, remote images.</summary>
    private const string Hostile = """
        <script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src="https://evil.example/"></iframe>
        <style>body{display:none}</style> <a href="javascript:alert(1)">html link</a>

        [md link](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(1)>
        ![pixel](https://evil.example/pixel.png) [x](<https://example.org/"onmouseover="alert(1)>)

        ```"><script>alert(1)</script>
        code
        ```
        """;

    private readonly HttpClient _maintainer = hub.Maintainer();
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _site = Clients.From(hub.SiteAddress, Clients.NewAddress());

    [Fact]
    public async Task An_entry_written_in_Markdown_shows_its_links_emphasis_lists_quotes_and_headings_on_its_page()
    {
        var (id, _) = await NewEntryAsync(Body);

        var text = await PageTextAsync(id);

        var link = text.QuerySelector("a[href='https://example.org/timeline']")!;
        Assert.Equal("Read the timeline ›", link.TextContent);
        Assert.Equal("noopener", link.GetAttribute("rel"));
        Assert.Equal("renewed", text.QuerySelector("strong")!.TextContent);
        Assert.Equal("Findings", text.QuerySelector("h2")!.TextContent); // below the page's own h1
        Assert.Equal(["one agency", "two agencies"], text.QuerySelectorAll("ul > li").Select(item => item.TextContent));
        Assert.Equal("agency", text.QuerySelector("li em")!.TextContent);
        Assert.Equal("A quote from the filing.", text.QuerySelector("blockquote")!.TextContent.Trim());
        Assert.NotNull(text.QuerySelector("a[href='mailto:foia@example.org']"));
        Assert.Equal("the chart", text.QuerySelector("a[href='https://tracker.example/pixel.png']")!.TextContent); // a link, never a request
        SafeMarkup.AssertOnlySafe(text, "the entry's body");
    }

    [Fact]
    public async Task No_hostile_vector_survives_onto_the_page_and_the_api_returns_the_body_as_written()
    {
        var (id, _) = await NewEntryAsync(Hostile);

        var text = await PageTextAsync(id);

        SafeMarkup.AssertOnlySafe(text, "the hostile body");
        Assert.Contains("<script>alert(1)</script>", text.TextContent, StringComparison.Ordinal); // shown as the text it is
        Assert.Contains("md link", text.TextContent, StringComparison.Ordinal);
        Assert.Equal(Hostile, (string)(await _reader.GetJsonAsync($"/api/resources/{id}"))["body"]!);
    }

    [Fact]
    public async Task The_feed_carries_the_rendered_body_escaped_as_Atom_requires_and_lists_leave_bodies_out()
    {
        var (id, category) = await NewEntryAsync(Body);

        var feed = XDocument.Parse(await _site.GetStringAsync($"/categories/{category}/feed.atom"));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var content = feed.Descendants(atom + "entry").Single().Element(atom + "content")!;
        Assert.Equal("html", (string?)content.Attribute("type"));
        var html = SafeMarkup.Parse(content.Value);
        Assert.NotNull(html.QuerySelector("a[href='https://example.org/timeline'][rel='noopener']"));
        SafeMarkup.AssertOnlySafe(html, "the feed's content");

        var listed = (await _reader.GetJsonAsync($"/api/resources?category={category}"))["items"]!.AsArray().Single()!.AsObject();
        Assert.Equal(id, (string?)listed["id"]);
        Assert.False(listed.ContainsKey("body"), "a list carries summaries, not bodies");
    }

    [Fact]
    public async Task An_entry_without_a_body_shows_its_summary_as_before_and_a_body_over_the_limit_is_refused_naming_it()
    {
        var (id, category) = await NewEntryAsync(body: null);
        Assert.Equal("What the report found.", (await PageAsync(id)).QuerySelector(".summary")!.TextContent.Trim());

        var draft = Entries.Draft(category);
        draft["body"] = new string('x', 30_001);
        using var refused = await _maintainer.PutAsync(id, draft);
        var problem = await refused.AssertProblemAsync(400);
        Assert.Equal(["body"], problem.ErrorFields());
        Assert.False((await _reader.GetJsonAsync($"/api/resources/{id}")).ContainsKey("body"));
    }

    [Fact]
    public async Task A_comment_keeps_its_emphasis_links_quotes_and_code_and_everything_else_stays_text()
    {
        var (id, _) = await NewEntryAsync(body: null);
        var content = "> you wrote\n\n**Strongly** agree: [the report](https://example.org/r) and `grep`.\n\n# not a heading <b>nor bold</b>";
        var comment = (string)(await _reader.PostCommentOkAsync(id, Discussion.Comment(content)))["id"]!;
        await _maintainer.ModerateAsync(id, comment, "pending", "approved");

        var body = (await PageAsync(id)).QuerySelector($"#comment-{comment} .comment-body")!;
        Assert.Equal("Strongly", body.QuerySelector("strong")!.TextContent);
        Assert.Equal("nofollow ugc noopener", body.QuerySelector("a[href='https://example.org/r']")!.GetAttribute("rel"));
        Assert.Equal("you wrote", body.QuerySelector("blockquote")!.TextContent.Trim());
        Assert.Equal("grep", body.QuerySelector("code")!.TextContent);
        Assert.Contains("# not a heading <b>nor bold</b>", body.TextContent, StringComparison.Ordinal);
        SafeMarkup.AssertOnlySafe(body, "the comment");

        var listed = (await _reader.PublicCommentsAsync(id)).Single();
        Assert.Equal(content, (string?)listed["content"]);
        Assert.Equal(body.InnerHtml.Trim(), ((string)listed["html"]!).Trim()); // the API's copy is the page's
    }

    private async Task<(string Id, string Category)> NewEntryAsync(string? body)
    {
        var category = Entries.NewCategory();
        var id = "md-" + category;
        var draft = Entries.Draft(category, "A Markdown entry");
        if (body is not null)
        {
            draft["body"] = body;
        }

        await _maintainer.PutOkAsync(id, draft);
        return (id, category);
    }

    private async Task<AngleSharp.Dom.IElement> PageAsync(string id)
    {
        using var answer = await _site.GetAsync($"/entries/{id}/");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return SafeMarkup.Parse(await answer.Content.ReadAsStringAsync());
    }

    private async Task<AngleSharp.Dom.IElement> PageTextAsync(string id)
        => (await PageAsync(id)).QuerySelector("#entry .body") ?? throw new InvalidOperationException("the page has no body");
}
