using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hub.BrowserTests;

/// <summary>
/// What an entry page view costs a reader, as Chromium counts it: the WordPress page it replaces
/// took 12 requests and 149 KB. The page is pre-rendered and gzip'd, carries its stylesheet and
/// its sign-in buttons, and is at most 3 requests with no layout shift, whether or not the form is
/// on the first screen, with nothing asked of the API or a provider before a click.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class BudgetTests(BrowserHub hub, ITestOutputHelper output)
{
    /// <summary>A short entry: its form is on the first screen.</summary>
    private const string ShortEntry = "amazon-federal-authorizations";

    /// <summary>An entry with 20 comments: its form is far below the first screen.</summary>
    private const string LongEntry = "aws-govcloud-cloud-industrial-complex";

    /// <summary>The viewport <see cref="BrowserHub.NewVisitorAsync"/> gives.</summary>
    private const int ScreenHeight = 900;

    /// <summary>Adds up every layout shift from the first paint on (none of them follows an input here), as CLS does.</summary>
    private const string CountShifts = """
        window.hubShifts = 0;
        new PerformanceObserver((list) => {
          for (const shift of list.getEntries()) if (!shift.hadRecentInput) window.hubShifts += shift.value;
        }).observe({ type: 'layout-shift', buffered: true });
        """;

    /// <summary>The shifts so far, read after two frames so that the last one's entries are delivered.</summary>
    private const string Shifts = "() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(window.hubShifts), 0))))";

    private async Task CommentOnLongEntryAsync()
    {
        for (var i = 0; i < 20; i++)
        {
            await hub.PublishCommentAsync(LongEntry, $"Comment number {i}: the contracts deserve scrutiny, and here is why it matters to everyone reading this hub.");
        }
    }

    [Theory]
    [InlineData("form on the first screen", ShortEntry, true)]
    [InlineData("form below 20 comments", LongEntry, false)]
    public async Task An_entry_page_is_3_requests_with_CLS_0_and_makes_no_request_to_any_provider_before_a_click(string @case, string entry, bool formOnFirstScreen)
    {
        if (!formOnFirstScreen)
        {
            await CommentOnLongEntryAsync();
        }

        var page = await hub.NewVisitorAsync();
        await page.AddInitScriptAsync(CountShifts);
        var responses = new List<IResponse>();
        page.Response += (_, response) => responses.Add(response);

        await page.GotoAsync($"/entries/{entry}/");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var form = await page.Locator("#comment-form").BoundingBoxAsync();
        Assert.True((form!.Y < ScreenHeight) == formOnFirstScreen, $"{@case}: the form starts at {form.Y} px");

        // The reader scrolls down to the form and its sign-in buttons, and reads; nobody clicks.
        var signIn = page.Locator("#sign-in a").First;
        await signIn.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(signIn).ToBeInViewportAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var shifts = await page.EvaluateAsync<double>(Shifts);

        long transferred = 0;
        foreach (var response in responses)
        {
            var sizes = await response.Request.SizesAsync();
            transferred += sizes.ResponseHeadersSize + sizes.ResponseBodySize;
        }

        output.WriteLine($"{@case}: {responses.Count} requests ({string.Join(", ", responses.Select(r => new Uri(r.Url).AbsolutePath))}), {transferred / 1024.0:F1} KB transferred, CLS {shifts}");
        Assert.True(responses.Count <= 3, $"{@case}: {responses.Count} requests: {string.Join(", ", responses.Select(r => r.Url))}");
        Assert.All(responses, response => Assert.StartsWith(hub.SiteAddress.GetLeftPart(UriPartial.Authority) + "/", response.Url, StringComparison.Ordinal)); // not the API, not a provider
        Assert.DoesNotContain(responses, response => response.Url.EndsWith("/config.json", StringComparison.Ordinal));
        Assert.Equal(0, shifts);
        Assert.True(transferred <= 20 * 1024, $"{@case}: {transferred} bytes");
    }

    [Fact]
    public async Task The_first_paint_needs_no_request_after_the_page_itself()
    {
        // Every request but the page's own fails: what is painted then is what the first paint had.
        var page = await hub.NewVisitorAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                refused.Add(message.Text);
            }
        };
        await page.RouteAsync("**/*", route => route.Request.ResourceType == "document" ? route.ContinueAsync() : route.AbortAsync());

        await page.GotoAsync($"/entries/{ShortEntry}/");

        await page.WaitForFunctionAsync("() => performance.getEntriesByName('first-contentful-paint').length === 1"); // painted, with the script refused
        Assert.Equal("flex", await page.Locator(".site-header").EvaluateAsync<string>("header => getComputedStyle(header).display"));
        Assert.Equal("flex", await page.Locator("ul.sign-in").EvaluateAsync<string>("list => getComputedStyle(list).display"));
        Assert.Equal("20px", await page.Locator("#sign-in svg").First.EvaluateAsync<string>("mark => getComputedStyle(mark).width"));
        Assert.Empty(refused); // the inline style is admitted by its hash
    }

    [Fact]
    public async Task Nothing_the_page_loads_blocks_its_rendering()
    {
        var page = await hub.NewVisitorAsync();
        await page.GotoAsync($"/entries/{ShortEntry}/");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var blocking = await page.EvaluateAsync<string[]>("() => performance.getEntriesByType('resource').filter((r) => r.renderBlockingStatus === 'blocking').map((r) => r.name)");
        Assert.Empty(blocking);
    }
}
