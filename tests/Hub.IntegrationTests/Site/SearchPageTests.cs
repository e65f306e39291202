using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Hub.Testing;

namespace Hub.IntegrationTests.Site;

/// <summary>
/// The search results page the site's form goes to without JavaScript, over real HTTP on the
/// API's origin: results linking to the site's pages in the site's own frame, every bad input a
/// page saying what to change (never a 500), and a reader's words shown as text.
/// </summary>
public sealed class SearchPageTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    private readonly HttpClient _reader = hub.Reader();

    private string SiteOrigin => hub.SiteAddress.GetLeftPart(UriPartial.Authority);

    private string ApiOrigin => hub.BaseAddress.GetLeftPart(UriPartial.Authority);

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>Two entries with a word of their own, in two new categories.</summary>
    private async Task<(string Word, string First, string Second, string FirstCategory, string SecondCategory)> TwoEntriesAsync()
    {
        using var maintainer = hub.Maintainer();
        var word = "kestrel" + Guid.NewGuid().ToString("N")[..8];
        var (firstCategory, secondCategory) = (Entries.NewCategory(), Entries.NewCategory());
        await maintainer.PutOkAsync("first-" + word, Entries.Draft(firstCategory, $"The {word} contract"));
        await maintainer.PutOkAsync("second-" + word, Entries.Draft(secondCategory, $"More on {word}"));
        return (word, "first-" + word, "second-" + word, firstCategory, secondCategory);
    }

    private async Task<(HttpResponseMessage Response, IDocument Page)> GetPageAsync(string address)
    {
        var response = await _reader.GetAsync(address);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return (response, Parse(await response.Content.ReadAsStringAsync()));
    }

    private void AssertIsTheSitesPage(HttpResponseMessage response, IDocument page)
    {
        Assert.Equal(
            $"default-src 'none'; style-src {Hub.Site.Rendering.PageStyle.Source}; img-src {SiteOrigin} data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("noindex", response.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Equal("noindex", page.QuerySelector("meta[name=robots]")?.GetAttribute("content"));
        Assert.Null(page.QuerySelector("link[rel=canonical]"));
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Null(page.QuerySelector("link[rel=stylesheet]"));
        Assert.Equal(Hub.Site.Rendering.PageStyle.Text, page.QuerySelector("head > style")?.TextContent);
        Assert.Equal($"{SiteOrigin}/", page.QuerySelector("header.site-header a.brand")?.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("footer.site-footer"));
        Assert.Equal($"{ApiOrigin}/api/search", page.QuerySelector("form#search")?.GetAttribute("action"));
    }

    private static List<string?> ResultLinks(IDocument page)
        => [.. page.QuerySelectorAll("#entries > li h2 a").Select(link => link.GetAttribute("href"))];

    [Fact]
    public async Task The_home_pages_search_form_goes_to_the_results_page_on_the_apis_origin()
    {
        using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());
        var home = Parse(await site.GetStringAsync("/"));

        var form = home.QuerySelector("form#search")!;
        Assert.Equal($"{ApiOrigin}/api/search", form.GetAttribute("action"));
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Contains($"form-action 'self' {ApiOrigin}", home.QuerySelector("meta[http-equiv=Content-Security-Policy]")?.GetAttribute("content"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_lists_the_matching_entries_linking_to_their_pages_in_the_sites_frame()
    {
        var (word, first, second, _, _) = await TwoEntriesAsync();

        var (response, page) = await GetPageAsync($"/api/search?q={word}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertIsTheSitesPage(response, page);
        Assert.Equal([$"{SiteOrigin}/entries/{first}/", $"{SiteOrigin}/entries/{second}/"], ResultLinks(page).Order(StringComparer.Ordinal));
        Assert.Equal(word, page.QuerySelector("input#q")?.GetAttribute("value"));
        Assert.Equal("public, max-age=10, stale-while-revalidate=30", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task A_category_link_narrows_the_results_and_the_filter_can_be_taken_off()
    {
        var (word, first, _, firstCategory, _) = await TwoEntriesAsync();
        var (_, all) = await GetPageAsync($"/api/search?q={word}");
        var narrow = all.QuerySelectorAll("#categories a").Single(link => link.TextContent == firstCategory).GetAttribute("href")!;
        Assert.Equal($"{ApiOrigin}/api/search?q={word}&category={firstCategory}", narrow);

        var (response, narrowed) = await GetPageAsync(narrow);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([$"{SiteOrigin}/entries/{first}/"], ResultLinks(narrowed));
        Assert.Equal(firstCategory, narrowed.QuerySelector("form#search input[type=hidden][name=category]")?.GetAttribute("value"));
        var remove = narrowed.QuerySelector($"#filters a[aria-label='Remove the category filter {firstCategory}']")!;
        Assert.Equal($"{ApiOrigin}/api/search?q={word}", remove.GetAttribute("href"));
    }

    [Fact]
    public async Task More_results_follow_from_a_cursor_with_the_same_terms()
    {
        var (word, first, second, _, _) = await TwoEntriesAsync();
        var (_, one) = await GetPageAsync($"/api/search?q={word}&limit=1");
        var more = one.QuerySelector("#pages a[rel=next]")!.GetAttribute("href")!;
        Assert.StartsWith($"{ApiOrigin}/api/search?q={word}&limit=1&cursor=", more, StringComparison.Ordinal);

        var (response, next) = await GetPageAsync(more);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            [$"{SiteOrigin}/entries/{first}/", $"{SiteOrigin}/entries/{second}/"],
            ResultLinks(one).Concat(ResultLinks(next)).Order(StringComparer.Ordinal));
        Assert.Equal($"{ApiOrigin}/api/search?q={word}&limit=1", next.QuerySelectorAll("#pages a").Single(link => link.TextContent == "First results").GetAttribute("href"));
    }

    [Fact]
    public async Task A_query_with_html_in_it_is_shown_as_text()
    {
        const string hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";

        using var response = await _reader.GetAsync("/api/search?q=" + Uri.EscapeDataString(hostile));
        var html = await response.Content.ReadAsStringAsync();
        var page = Parse(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("script, img, [onerror]"));
        Assert.Equal(hostile, page.QuerySelector("input#q")?.GetAttribute("value"));
        Assert.Contains(hostile, page.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(hostile, page.Title, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadSearches => new()
    {
        { "q=" + new string('a', 201), "The search words must be at most 200 characters." },
        { "q=one&q=two", "The search words may be given only once." },
        { "q=ice&category=Not%20A%20Category", "The category must be 1 to 40 lowercase letters, digits and single hyphens." },
        { "q=ice&tag=%3Cb%3E", "The tag must be 1 to 40 lowercase letters, digits and single hyphens." },
        { "q=ice&cursor=page-two", "The link to more results is not a cursor this API handed out; start again without it." },
        { "q=ice&limit=0", "The number of results a page must be a whole number from 1 to 100." },
        { "q=ice&limit=lots", "The number of results a page must be a whole number from 1 to 100." },
    };

    [Theory]
    [MemberData(nameof(BadSearches))]
    public async Task A_search_that_breaks_a_rule_gets_a_page_saying_why_with_the_form_to_try_again(string query, string reason)
    {
        var (response, page) = await GetPageAsync("/api/search?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertIsTheSitesPage(response, page);
        Assert.Equal("This search could not be run", page.QuerySelector("h1")?.TextContent);
        Assert.Equal([reason], page.QuerySelectorAll("[role=alert] li").Select(item => item.TextContent));
        Assert.Null(response.Headers.CacheControl);
        Assert.Empty(page.QuerySelectorAll("#entries"));
    }

    [Fact]
    public async Task An_overlong_search_keeps_as_much_of_it_as_may_be_searched_in_the_form()
    {
        var (_, page) = await GetPageAsync("/api/search?q=" + new string('a', 150) + new string('b', 100));

        Assert.Equal(new string('a', 150) + new string('b', 50), page.QuerySelector("input#q")?.GetAttribute("value"));
    }

    [Fact]
    public async Task A_bad_cursor_offers_the_first_results_again()
    {
        var (_, page) = await GetPageAsync("/api/search?q=ice&cursor=page-two");

        var link = page.QuerySelector("[role=alert] a")!;
        Assert.Equal("Start again from the first results", link.TextContent);
        Assert.Equal($"{ApiOrigin}/api/search?q=ice", link.GetAttribute("href"));
    }

    [Fact]
    public async Task A_category_no_entry_is_in_gets_a_page_saying_so_and_the_search_without_it()
    {
        var (word, _, _, _, _) = await TwoEntriesAsync();
        var unknown = Entries.NewCategory();

        var (response, page) = await GetPageAsync($"/api/search?q={word}&category={unknown}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertIsTheSitesPage(response, page);
        Assert.Equal([$"There is no category “{unknown}”: no entry is in it."], page.QuerySelectorAll("[role=alert] li").Select(item => item.TextContent));
        Assert.Equal($"{ApiOrigin}/api/search?q={word}", page.QuerySelector("[role=alert] a")?.GetAttribute("href"));
        Assert.Null(page.QuerySelector("form#search input[name=category]"));
    }

    [Fact]
    public async Task A_known_category_with_no_match_is_no_matches_not_an_error()
    {
        var (_, _, _, firstCategory, _) = await TwoEntriesAsync();

        var (response, page) = await GetPageAsync($"/api/search?q=nothing-matches-this&category={firstCategory}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith($"No entries matching “nothing-matches-this” in {firstCategory}.", page.QuerySelector("#status")?.TextContent, StringComparison.Ordinal);
        Assert.Empty(ResultLinks(page));
    }

    [Fact]
    public async Task A_results_page_costs_at_most_the_search_logs_read_and_none_once_kept_or_revalidated()
    {
        var (word, _, _, _, _) = await TwoEntriesAsync();
        var address = $"/api/search?q={word}";

        hub.Probe.StartRecording();
        using var first = await _reader.GetAsync(address);
        var cost = hub.Probe.StopCounting();
        hub.Probe.StartRecording();
        using var again = await _reader.GetAsync(address);
        using var revalidated = await _reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, address) { Headers = { IfNoneMatch = { first.Headers.ETag! } } });
        var kept = hub.Probe.StopCounting();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.InRange(cost.Tables, 0, 1); // the index is in memory: at most its change log, read once a second while searched
        Assert.InRange(cost.Blobs, 0, 1); // the asset manifest, read at most once a minute per instance
        Assert.Equal(0, cost.Queues);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal("noindex", revalidated.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Equal(0, kept.Tables + kept.Blobs + kept.Queues);
    }
}
