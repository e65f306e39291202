using Hub.Testing;
using Microsoft.Playwright;

namespace Hub.BrowserTests;

/// <summary>The home page's search, live through the API on its own origin as the reader types (once they pause), kept in the URL.</summary>
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

    [Fact]
    public async Task Typing_searches_once_the_reader_pauses_not_at_every_letter()
    {
        using var maintainer = hub.Maintainer();
        var word = "plover" + Guid.NewGuid().ToString("N")[..8];
        await maintainer.PutOkAsync("typed-" + word, Entries.Draft(Entries.NewCategory(), $"Found by typing {word}"));

        var page = await hub.NewVisitorAsync();
        // The page's clock is the test's: the pause is waited out by moving it on, never by sleeping.
        await page.Clock.InstallAsync();
        var searches = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/resources?", StringComparison.Ordinal))
            {
                lock (searches)
                {
                    searches.Add(request.Url);
                }
            }
        };
        await page.GotoAsync("/");
        var field = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search entries" });

        await field.PressSequentiallyAsync(word);
        await page.Clock.RunForAsync(299);
        Assert.Empty(searches); // every letter typed, none searched for yet

        await page.Clock.RunForAsync(1);
        await Assertions.Expect(page.Locator("#entries > li h2")).ToHaveTextAsync($"Found by typing {word}");
        Assert.Single(searches);
        Assert.Contains($"q={word}", searches[0], StringComparison.Ordinal);
        Assert.EndsWith($"/?q={word}", page.Url, StringComparison.Ordinal);

        // A letter typed and taken back within the pause leaves the same words: nothing is asked.
        await field.PressAsync("x");
        await field.PressAsync("Backspace");
        await page.Clock.RunForAsync(1000);
        await field.PressAsync("Enter");
        Assert.Single(searches);

        // Taking every letter out shows the newest entries again, as rendered, without asking.
        await field.FillAsync("");
        await page.Clock.RunForAsync(1000);
        await Assertions.Expect(page.Locator("#entries > li")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#pages")).ToBeVisibleAsync();
        Assert.Single(searches);
    }
}
