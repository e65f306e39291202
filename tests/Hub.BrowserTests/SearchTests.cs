using Hub.Testing;
using Microsoft.Playwright;

namespace Hub.BrowserTests;

/// <summary>The home page's search, live through the API on its own origin, kept in the URL.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SearchTests(BrowserHub hub)
{
    [Fact]
    public async Task Searching_from_the_home_page_lists_what_matches_and_keeps_the_query_in_the_address()
    {
        using var maintainer = hub.Maintainer();
        var word = "zebrafinch" + Guid.NewGuid().ToString("N")[..8];
        await maintainer.PutOkAsync("searchable-" + word, Entries.Draft(Entries.NewCategory(), $"Contracts of the {word} kind"));

        var page = await hub.NewVisitorAsync();
        await page.GotoAsync("/");
        await page.Locator("#q").FillAsync(word);
        await page.Locator("#q").PressAsync("Enter");

        await Assertions.Expect(page.Locator("#entries > li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#entries > li h2")).ToHaveTextAsync($"Contracts of the {word} kind");
        Assert.EndsWith($"/?q={word}", page.Url, StringComparison.Ordinal);

        await page.Locator("#q").FillAsync("no-such-word-" + word);
        await page.Locator("#q").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("No entries match.");
    }
}
