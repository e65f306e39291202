using Hub.Testing;
using Microsoft.Playwright;

namespace Hub.BrowserTests;

/// <summary>With JavaScript off (as crawlers, link previews and some readers have it) an entry page is complete, and its forms work: the comment form, and the home page's search.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class NoScriptTests(BrowserHub hub)
{
    private async Task<IPage> NoScriptVisitorAsync()
    {
        var context = await hub.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = hub.SiteAddress.ToString(), JavaScriptEnabled = false });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task An_entry_page_shows_its_text_and_approved_comments_without_javascript()
    {
        const string entry = "resist-amazon-hq2";
        var text = $"Readable without scripts ({Guid.NewGuid():N}).";
        var commentId = await hub.PublishCommentAsync(entry, text, name: "Noor");

        var page = await NoScriptVisitorAsync();
        await page.GotoAsync($"/entries/{entry}/");

        await Assertions.Expect(page.Locator("h1")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#entry .body strong").First).ToHaveTextAsync("no negotiations"); // its Markdown body, rendered
        await Assertions.Expect(page.Locator("#entry .body ol > li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator($"#comment-{commentId}")).ToContainTextAsync(text);
        await Assertions.Expect(page.Locator($"#comment-{commentId} .author")).ToHaveTextAsync("Noor");
        Assert.Contains(entry, await page.Locator("link[rel=canonical]").GetAttributeAsync("href") ?? "", StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(await page.Locator("meta[property='og:title']").GetAttributeAsync("content")));

        // Signing in and replying need the script (the token comes back in the address's fragment), so they are not offered.
        await Assertions.Expect(page.Locator("#sign-in")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reply" })).ToHaveCountAsync(0);
        Assert.True(await page.Locator("#sign-in a").CountAsync() > 0, "the page carries the sign-in links for the script");
    }

    [Fact]
    public async Task The_comment_form_posts_without_javascript_and_comes_back_saying_it_awaits_moderation()
    {
        const string entry = "amazon-federal-authorizations";
        var page = await NoScriptVisitorAsync();
        await page.GotoAsync($"/entries/{entry}/");
        var text = $"Posted with no script at all ({Guid.NewGuid():N}).";

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true }).FillAsync(text);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("Ola");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync($"ola-{Guid.NewGuid():N}@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();

        await page.WaitForURLAsync($"**/entries/{entry}/#comment-held");
        await Assertions.Expect(page.Locator("#comment-held")).ToBeVisibleAsync();
        await hub.FinishFollowUpsAsync();
        using var maintainer = hub.Maintainer();
        var pending = await maintainer.GetStringAsync("/api/manage/comments?status=pending&limit=100");
        Assert.Contains(text, pending, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_home_pages_search_leads_to_matching_entries_without_javascript()
    {
        using var maintainer = hub.Maintainer();
        var word = "heron" + Guid.NewGuid().ToString("N")[..8];
        var (contracts, surveillance) = (Entries.NewCategory(), Entries.NewCategory());
        await maintainer.PutOkAsync("contract-" + word, Entries.Draft(contracts, $"The {word} contract"));
        await maintainer.PutOkAsync("camera-" + word, Entries.Draft(surveillance, $"Cameras of the {word} kind"));
        var api = hub.BaseAddress.GetLeftPart(UriPartial.Authority);
        var site = hub.SiteAddress.GetLeftPart(UriPartial.Authority);

        var page = await NoScriptVisitorAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search entries" }).PressSequentiallyAsync(word);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        // The results page, on the API's origin, in the site's frame and with its stylesheet.
        await page.WaitForURLAsync($"{api}/api/search?q={word}");
        var results = page.GetByRole(AriaRole.List, new() { Name = "Results" }).Locator("li h2 a");
        await Assertions.Expect(results).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Search entries" })).ToHaveValueAsync(word);
        Assert.Equal("flex", await page.Locator("header.site-header").EvaluateAsync<string>("header => getComputedStyle(header).display"));
        Assert.Equal($"{site}/", await page.Locator("header.site-header a.brand").GetAttributeAsync("href"));

        // A category narrows them; its filter comes off again.
        await page.Locator("#categories").GetByRole(AriaRole.Link, new() { Name = contracts }).ClickAsync();
        await Assertions.Expect(results).ToHaveCountAsync(1);
        await Assertions.Expect(results).ToHaveTextAsync($"The {word} contract");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Remove the category filter {contracts}" }).ClickAsync();
        await Assertions.Expect(results).ToHaveCountAsync(2);

        // A result is a link to the entry's page on the site.
        await results.Filter(new() { HasText = "Cameras" }).ClickAsync();
        await page.WaitForURLAsync($"{site}/entries/camera-{word}/");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Cameras of the {word} kind");
    }
}
