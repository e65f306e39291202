using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hub.Site.Publishing;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.IntegrationTests.Site;

/// <summary>
/// Reader pages rendered on write into $web and served by the static website: what a crawler
/// gets with curl, kept right by every change that shows on a page, with every piece of user
/// text as text.
/// </summary>
public sealed partial class PublishingTests(HubServer hub) : IClassFixture<HubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();
    private readonly HttpClient _site = Clients.From(hub.SiteAddress, Clients.NewAddress());

    private async Task<string> PageAsync(string entry)
    {
        using var answer = await _site.GetAsync($"/entries/{entry}/");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await answer.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task An_entry_page_carries_its_text_comments_and_link_preview_tags_in_its_html()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var comment = await PublishAsync(entry, "A comment a crawler can read.");

        var html = await PageAsync(entry);

        Assert.Contains("<title>An entry to discuss · The Hub</title>", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"description\" content=\"What the report found.\"", html, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"canonical\" href=\"{hub.SiteAddress.GetLeftPart(UriPartial.Authority)}/entries/{entry}/\"", html, StringComparison.Ordinal);
        Assert.Contains("<meta property=\"og:title\" content=\"An entry to discuss\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"comment-{comment}\"", html, StringComparison.Ordinal);
        Assert.Contains("A comment a crawler can read.", html, StringComparison.Ordinal);
        var article = JsonNode.Parse(JsonLd().Match(html).Groups[1].Value)!;
        Assert.Equal("Article", (string?)article["@type"]);
        Assert.Equal(1, (int)article["commentCount"]!);
        Assert.DoesNotContain("@example.org", html, StringComparison.Ordinal);

        // Stored compressed, as the static website cannot compress: what goes over the wire is gzip.
        using var raw = new HttpClient { BaseAddress = hub.SiteAddress };
        using var stored = await raw.GetAsync($"/entries/{entry}/");
        Assert.Equal("gzip", Assert.Single(stored.Content.Headers.ContentEncoding));
        Assert.StartsWith("public, max-age=", stored.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_unapproving_withdrawing_and_erasing_update_the_page_through_their_follow_up()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var email = $"page-{Guid.NewGuid():N}@example.org";
        using var posted = await _reader.PostCommentAsync(entry, Discussion.Comment("On the page soon.", email: email));
        var receipt = await posted.JsonAsync();
        var id = (string)receipt["id"]!;
        Assert.DoesNotContain("On the page soon.", await PageAsync(entry), StringComparison.Ordinal);

        var approved = await _maintainer.ModerateAsync(entry, id, "pending", "approved");
        Assert.Contains("On the page soon.", await PageAsync(entry), StringComparison.Ordinal);

        await _maintainer.ModerateAsync(entry, id, "approved", "pending");
        Assert.DoesNotContain("On the page soon.", await PageAsync(entry), StringComparison.Ordinal);

        await _maintainer.ModerateAsync(entry, id, "pending", "approved");
        using var withdraw = new HttpRequestMessage(HttpMethod.Delete, $"/api/resources/{entry}/comments/{id}");
        withdraw.Headers.Authorization = new("Withdraw", (string)receipt["withdrawToken"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await _reader.SendAsync(withdraw)).StatusCode);
        Assert.DoesNotContain("On the page soon.", await PageAsync(entry), StringComparison.Ordinal);

        var erasedEmail = $"erased-{Guid.NewGuid():N}@example.org";
        var second = await PublishAsync(entry, "Erased soon.", erasedEmail);
        Assert.Contains(second, await PageAsync(entry), StringComparison.Ordinal);
        (await _maintainer.PostAsJsonAsync("/api/manage/personal-data/erase", new { email = erasedEmail })).EnsureSuccessStatusCode();
        Assert.DoesNotContain("Erased soon.", await PageAsync(entry), StringComparison.Ordinal);
        Assert.NotNull(approved);
    }

    [Fact]
    public async Task Deleting_an_entry_removes_its_page_and_the_site_answers_with_its_404_page()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        await PageAsync(entry);

        Assert.Equal(HttpStatusCode.NoContent, (await _maintainer.DeleteAsync($"/api/manage/resources/{entry}")).StatusCode);

        using var gone = await _site.GetAsync($"/entries/{entry}/");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("Page not found", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_text_on_a_rendered_page_is_text_never_markup()
    {
        var category = Entries.NewCategory();
        var entry = "xss-" + category;
        var draft = Entries.Draft(category, "<script>window.__xss=1</script></title><img src=x onerror=alert(1)>");
        draft["summary"] = "</script><script>alert(1)</script> \" onmouseover=\"alert(1)";
        await _maintainer.PutOkAsync(entry, draft);
        await PublishAsync(entry, "<img src=x onerror=alert(1)> javascript:alert(1) <a href=\"javascript:alert(1)\">x</a>", name: "<b>Mallory</b>");

        var html = await PageAsync(entry);

        Assert.Equal(2, Regex.Count(html, "<script", RegexOptions.IgnoreCase)); // the JSON-LD and hub.js, and none of the text's
        Assert.Equal(2, Regex.Count(html, "</script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;window.__xss=1&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_everything_again_rewrites_nothing_that_did_not_change()
    {
        var publisher = hub.Services.GetRequiredService<SitePublisher>();
        await publisher.PublishAllAsync(null, CancellationToken.None);

        Assert.Equal(0, await publisher.PublishAllAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task The_form_posted_without_javascript_is_sent_back_to_the_entry_page()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        using var noRedirects = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = hub.BaseAddress };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["content"] = "From a browser with scripts off.",
            ["authorName"] = "Ola",
            ["authorEmail"] = $"ola-{Guid.NewGuid():N}@example.org",
            ["authorUrl"] = "",
            ["parentId"] = "",
            ["subject"] = "",
        });

        using var answer = await noRedirects.PostAsync($"/api/resources/{entry}/comments", form);
        await hub.RunQueuesAsync();

        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        Assert.Equal($"{hub.SiteAddress.GetLeftPart(UriPartial.Authority)}/entries/{entry}/#comment-held", answer.Headers.Location!.ToString());
        Assert.NotNull(await _maintainer.FindInQueueAsync("pending", await LatestPendingIdAsync(entry)));
    }

    [Fact]
    public async Task Category_and_tag_pages_feeds_and_the_sitemap_follow_the_entries()
    {
        var category = Entries.NewCategory();
        var tag = "tag-" + category;
        var entry = "listed-" + category;
        await _maintainer.PutOkAsync(entry, Entries.Draft(category, "Listed & <escaped> 😀", tags: tag));
        var comment = await PublishAsync(entry, "In the comments feed.");
        var link = $"/entries/{entry}/";

        Assert.Contains(link, await _site.GetStringAsync($"/categories/{category}/"), StringComparison.Ordinal);
        Assert.Contains(link, await _site.GetStringAsync($"/tags/{tag}/"), StringComparison.Ordinal);
        Assert.Contains(link, await _site.GetStringAsync("/"), StringComparison.Ordinal);
        var feed = System.Xml.Linq.XDocument.Parse(await _site.GetStringAsync("/feed.atom"));
        Assert.Contains(feed.Descendants(), element => element.Name.LocalName == "title" && element.Value == "Listed & <escaped> 😀");
        var comments = System.Xml.Linq.XDocument.Parse(await _site.GetStringAsync($"/entries/{entry}/comments.atom"));
        Assert.Contains(comments.Descendants(), element => element.Name.LocalName == "id" && element.Value.EndsWith("#comment-" + comment, StringComparison.Ordinal));
        Assert.Contains("/sitemaps/2024-05.xml", await _site.GetStringAsync("/sitemap.xml"), StringComparison.Ordinal); // an index of months
        Assert.Contains(link, await _site.GetStringAsync("/sitemaps/2024-05.xml"), StringComparison.Ordinal);
        Assert.Contains(link, await _site.GetStringAsync($"/categories/{category}/archive/2024/05/"), StringComparison.Ordinal);
        Assert.Contains($"/categories/{category}/archive/2024/05/", await _site.GetStringAsync($"/categories/{category}/archive/"), StringComparison.Ordinal);
        Assert.Contains("Sitemap:", await _site.GetStringAsync("/robots.txt"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await _maintainer.DeleteAsync($"/api/manage/resources/{entry}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _site.GetAsync($"/categories/{category}/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _site.GetAsync($"/entries/{entry}/comments.atom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _site.GetAsync($"/categories/{category}/archive/2024/05/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _site.GetAsync($"/categories/{category}/archive/")).StatusCode);
        Assert.DoesNotContain(link, await _site.GetStringAsync("/sitemaps/2024-05.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_are_fingerprinted_and_cached_for_a_year_and_pages_reference_them()
    {
        // A rendered page's one asset is its script (its stylesheet is inline); the console's static page links the stylesheet.
        var script = Script().Match(await _site.GetStringAsync("/")).Groups[1].Value;
        var stylesheet = StyleSheet().Match(await _site.GetStringAsync("/manage/")).Groups[1].Value;

        Assert.Matches(@"^/assets/hub\.[0-9a-f]{12}\.js$", script);
        Assert.Matches(@"^/assets/site\.[0-9a-f]{12}\.css$", stylesheet);
        using var raw = new HttpClient { BaseAddress = hub.SiteAddress };
        foreach (var path in new[] { script, stylesheet })
        {
            using var asset = await raw.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
        }
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex StyleSheet();

    [GeneratedRegex("<script src=\"([^\"]+)\" defer")]
    private static partial Regex Script();

    private async Task<string> LatestPendingIdAsync(string entry)
        => (string)(await _maintainer.GetJsonAsync("/api/manage/comments?status=pending&limit=100"))["items"]!.AsArray()
            .First(item => (string?)item!["entryId"] == entry)!["id"]!;

    private async Task<string> PublishAsync(string entry, string content, string? email = null, string name = "Reader")
    {
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment(content, name, email)))["id"]!;
        await _maintainer.ModerateAsync(entry, id, "pending", "approved");
        return id;
    }

    [GeneratedRegex("""<script type="application/ld&#x2B;json">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex JsonLd();
}
