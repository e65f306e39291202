using Microsoft.Playwright;

namespace Hub.BrowserTests;

/// <summary>
/// The form's sign-in buttons as a reader meets them: each reached with the Tab key, with a visible
/// focus ring, named "Sign in with …" beside its mark; and back again after signing out.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SignInButtonTests(BrowserHub hub)
{
    private const string Entry = "jedi-cloud-contract";

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Each_sign_in_button_is_reached_with_the_tab_key_and_shows_its_focus(ColorScheme scheme)
    {
        var page = await hub.NewVisitorAsync(scheme);
        await BrowserHub.OpenEntryAsync(page, Entry);
        var buttons = page.Locator("#sign-in a");
        var names = await buttons.AllInnerTextsAsync();
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.StartsWith("Sign in with ", name, StringComparison.Ordinal));

        var reached = new List<string>();
        for (var presses = 0; presses < 80 && reached.Count < names.Count; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string?>("() => document.activeElement.closest('#sign-in') ? document.activeElement.textContent : null");
            if (focused is null)
            {
                continue;
            }

            reached.Add(focused);
            var ring = await page.EvaluateAsync<string[]>("() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }");
            Assert.Equal("solid", ring[0]);
            Assert.True(double.Parse(ring[1].TrimEnd('p', 'x'), System.Globalization.CultureInfo.InvariantCulture) >= 2, $"{focused}: outline {ring[1]}");
        }

        Assert.Equal(names, reached);
    }

    [Fact]
    public async Task Signing_out_offers_the_buttons_again_and_they_still_start_from_this_page()
    {
        var page = await hub.NewVisitorAsync();
        await page.GotoAsync($"/entries/{Entry}/?from=feed");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var link = page.Locator("#sign-in a[data-provider=local]"); // the stand-in OpenID Connect issuer
        var name = await link.InnerTextAsync();

        await link.ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(hub.SignInIssuerAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
        await page.GetByLabel("Name to sign in as").FillAsync("Sol");
        await page.GetByLabel("Name to sign in as").PressAsync("Enter");

        await Assertions.Expect(page.GetByText("Signed in as Sol with")).ToBeVisibleAsync();
        Assert.Equal($"{hub.SiteAddress.GetLeftPart(UriPartial.Authority)}/entries/{Entry}/?from=feed", page.Url); // back on the page as the reader had it
        await Assertions.Expect(page.Locator("#sign-in a")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Signed in as")).ToHaveCountAsync(0);
    }
}
