using Deque.AxeCore.Playwright;
using Hub.Testing;
using Microsoft.Playwright;

namespace Hub.BrowserTests;

/// <summary>Every page, in both color schemes and at phone and desktop widths: accessible, first-party only, photographed.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class PageTourTests(BrowserHub hub)
{
    /// <summary>A page's path on the site, or on the API's origin after <see cref="OnApi"/> (the search results the function app renders).</summary>
    public static TheoryData<string, string> Pages() => new()
    {
        { "home", "/" },
        { "home-filtered", "/?tag=amazon&q=cloud" },
        { "entry", "/entries/amazon-rekognition/" },
        { "console-locked", "/manage/" },
        { "console", "/manage/#unlock" },
        { "not-found", "/no/such/page" },
        { "search-results", OnApi + "/api/search?q=amazon" },
        { "search-refused", OnApi + "/api/search?q=amazon&cursor=not-one" },
    };

    private const string OnApi = "api:";

    private async Task<IPage> OpenAsync(string path, ColorScheme scheme, int width, List<string>? requests = null)
    {
        var page = await hub.NewVisitorAsync(scheme, width);
        if (requests is not null)
        {
            page.Request += (_, request) => requests.Add(request.Url);
        }

        if (path.EndsWith("#unlock", StringComparison.Ordinal))
        {
            await page.GotoAsync("/manage/");
            await page.GetByLabel("Moderator secret").FillAsync(hub.ModeratorSecret);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.Locator("#console")).ToBeVisibleAsync();
        }
        else
        {
            await page.GotoAsync(path.StartsWith(OnApi, StringComparison.Ordinal) ? new Uri(hub.BaseAddress, path[OnApi.Length..]).ToString() : path);
        }

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Axe_finds_no_violations_in_either_color_scheme(string name, string path)
    {
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var page = await OpenAsync(path, scheme, 1280);
            var results = await page.RunAxe();
            Assert.True(
                results.Violations.Length == 0,
                $"{name} ({scheme}): " + string.Join("; ", results.Violations.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_makes_no_third_party_request(string name, string path)
    {
        var requests = new List<string>();
        var page = await OpenAsync(path, ColorScheme.Light, 1280, requests);
        await page.Context.CloseAsync();

        Assert.NotEmpty(requests);
        string[] firstParty = [hub.SiteAddress.GetLeftPart(UriPartial.Authority) + "/", hub.BaseAddress.GetLeftPart(UriPartial.Authority) + "/"];
        Assert.All(requests, url => Assert.True(firstParty.Any(origin => url.StartsWith(origin, StringComparison.Ordinal)), $"{name} requested {url}"));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Screenshots_at_phone_and_desktop_widths_are_saved(string name, string path)
    {
        foreach (var width in new[] { 360, 1280 })
        {
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                var page = await OpenAsync(path, scheme, width);
                var file = Path.Combine(BrowserHub.ScreenshotFolder, $"{name}-{width}-{scheme.ToString().ToLowerInvariant()}.png");
                await page.ScreenshotAsync(new() { Path = file, FullPage = true });
                var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
                await page.Context.CloseAsync();

                Assert.True(new FileInfo(file).Length > 0);
                Assert.False(overflow, $"{name} scrolls sideways at {width}px");
            }
        }
    }
}
