using AngleSharp.Html.Parser;
using Hub.Core.Entries;
using Hub.Site.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.UnitTests.Site;

/// <summary>
/// The search results page as <see cref="PageRenderer"/> writes it for the API's origin: the
/// site's frame with every link naming the site's origin, and a snippet's marks as the only markup
/// from it. The site's own pages keep their links relative.
/// </summary>
public sealed class SearchPageRenderTests
{
    private static readonly SiteContext Site = new("https://hub.example/", "https://api.hub.example");
    private static readonly DateTimeOffset Created = new(2024, 5, 1, 8, 30, 0, TimeSpan.Zero);
    private static readonly Entry Rekognition = new("rekognition", "Rekognition", "Face recognition sold to police.", null, null, null, "surveillance", ["ice"], false, Created, Created);

    private static readonly PageRenderer Renderer = new(NullLoggerFactory.Instance);

    [Fact]
    public async Task A_result_links_to_the_site_by_its_origin_and_shows_where_it_matched()
    {
        var html = await Renderer.SearchAsync(Site.ForApiOrigin(), new SearchPageModel(
            new SearchTerms("recognition"),
            [new SearchHit(Rekognition, MarkedSnippet.FromHtml("Face <mark>recognition</mark> &lt;img src=x onerror=alert(1)&gt;"))]));
        var page = new HtmlParser().ParseDocument(html);

        Assert.Equal("https://hub.example/entries/rekognition/", page.QuerySelector("#entries h2 a")?.GetAttribute("href"));
        Assert.Equal(["https://hub.example/categories/surveillance/", "https://hub.example/tags/ice/"], page.QuerySelectorAll("#entries .labels a").Select(link => link.GetAttribute("href")));
        Assert.Equal("https://api.hub.example/api/search?q=recognition&category=surveillance", page.QuerySelector("#categories a")?.GetAttribute("href"));
        Assert.Equal(["recognition"], page.QuerySelectorAll(".snippet mark").Select(mark => mark.TextContent));
        Assert.Equal("Face recognition <img src=x onerror=alert(1)>", page.QuerySelector(".snippet")?.TextContent);
        Assert.Empty(page.QuerySelectorAll(".snippet *:not(mark), img"));
        Assert.Equal(
            $"default-src 'none'; style-src {PageStyle.Source}; img-src https://hub.example data:; form-action 'self'; base-uri 'none'",
            page.QuerySelector("meta[http-equiv=Content-Security-Policy]")?.GetAttribute("content"));
    }

    [Fact]
    public async Task The_sites_own_pages_keep_relative_links_and_the_form_goes_to_the_results_page()
    {
        var html = await Renderer.ListAsync(Site, new ListPageModel("Entries", "Entries", "The newest.", "/", [Rekognition], null, null, "Entries", "/feed.atom", true, "/archive/"));
        var page = new HtmlParser().ParseDocument(html);

        Assert.Equal("/entries/rekognition/", page.QuerySelector("#entries h2 a")?.GetAttribute("href"));
        Assert.Equal("/", page.QuerySelector("header a.brand")?.GetAttribute("href"));
        Assert.Null(page.QuerySelector("link[rel=stylesheet]"));
        Assert.Equal("https://hub.example/", page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        Assert.Equal("https://api.hub.example/api/search", page.QuerySelector("form#search")?.GetAttribute("action"));
        Assert.Null(page.QuerySelector("meta[name=robots]"));
        Assert.NotNull(page.QuerySelector("script[src='/assets/hub.js']"));
    }
}
