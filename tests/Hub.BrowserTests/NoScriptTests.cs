using Hub.Testing;
using Microsoft.Playwright;

namespace Hub.BrowserTests;

/// <summary>With JavaScript off (as crawlers, link previews and some readers have it) an entry page is complete, and its form works.</summary>
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
}
