using Hub.Core.Settings;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Hub.BrowserTests;

/// <summary>
/// Commenters sign in with OpenID Connect through the local host's stand-in issuer (provider
/// <c>local</c>), and nothing is asked of the API's sign-in routes or of the issuer until they click.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SignInTests(BrowserHub hub)
{
    private const string Entry = "amazon-largest-dhs-cloud-contractor";
    private const string Provider = "Local test sign-in";

    /// <summary>The stand-in issuer's origin, as the API was configured with it.</summary>
    private string IssuerOrigin => new Uri(hub.Services.GetRequiredService<IOptions<HubSignInOptions>>().Value.Find("local")?.Issuer
        ?? throw new InvalidOperationException("The local host configures no 'local' sign-in provider.")).GetLeftPart(UriPartial.Authority);

    private static ILocator CommentBox(IPage page) => page.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true });

    [Fact]
    public async Task An_entry_page_asks_nothing_of_the_sign_in_routes_or_the_issuer_before_a_click()
    {
        var page = await hub.NewVisitorAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        await BrowserHub.OpenEntryAsync(page, Entry);
        await page.Locator("#comment-form").ScrollIntoViewIfNeededAsync();
        var link = page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {Provider}" });
        await Assertions.Expect(link).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var href = new Uri(await link.GetAttributeAsync("href") ?? "");
        Assert.Equal($"{hub.BaseAddress.GetLeftPart(UriPartial.Authority)}/api/auth/local/start", href.GetLeftPart(UriPartial.Path));
        Assert.Contains($"returnTo={Uri.EscapeDataString($"{hub.SiteAddress.GetLeftPart(UriPartial.Authority)}/entries/{Entry}/")}", href.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("browser=", href.Query, StringComparison.Ordinal); // made only when the commenter clicks
        Assert.DoesNotContain(requests, url => url.Contains("/api/auth/", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, url => url.StartsWith(IssuerOrigin, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commenter_signs_in_posts_is_shown_signed_in_once_approved_and_is_then_approved_at_once()
    {
        // WordPress's "comment author must have a previously approved comment", without holding every comment.
        await SetRulesAsync(holdAllComments: false);
        try
        {
            await SignInPostAndBeKnownAsync();
        }
        finally
        {
            await SetRulesAsync(holdAllComments: true);
        }
    }

    private async Task SetRulesAsync(bool holdAllComments)
    {
        using var maintainer = hub.Maintainer();
        using var response = await maintainer.PatchAsJsonAsync("/api/manage/settings", new { holdAllComments, approveKnownAuthors = true });
        Assert.True(response.IsSuccessStatusCode);
    }

    private async Task SignInPostAndBeKnownAsync()
    {
        var name = $"Ana {Guid.NewGuid():N}"[..12];
        var first = $"Signed in, first ({Guid.NewGuid():N}).";
        var second = $"Signed in, second ({Guid.NewGuid():N}).";
        var page = await hub.NewVisitorAsync();
        await BrowserHub.OpenEntryAsync(page, Entry);
        await page.Locator("#comment-form").ScrollIntoViewIfNeededAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {Provider}" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(IssuerOrigin, StringComparison.Ordinal));
        await page.GetByLabel("Name to sign in as").FillAsync(name);
        await page.GetByLabel("Name to sign in as").PressAsync("Enter");

        await Assertions.Expect(page.GetByText($"Signed in as {name} with {Provider}")).ToBeVisibleAsync();
        Assert.Equal($"{hub.SiteAddress.GetLeftPart(UriPartial.Authority)}/entries/{Entry}/", page.Url); // the token is out of the address
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true })).ToBeHiddenAsync();

        await CommentBox(page).FillAsync(first);
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "awaiting moderation" })).ToBeVisibleAsync();
        var held = page.Locator(".comment.awaiting", new() { HasText = first });
        await Assertions.Expect(held).ToContainTextAsync($"{name} signed in with {Provider}");

        var id = (await held.GetAttributeAsync("id"))!["comment-".Length..];

        // The moderator sees who signed in with what, in the console, and approves. The console
        // reads the queue when it opens, so the post's follow-up (which files it there, from the
        // queue within seconds) is let finish first: on a loaded machine it can take longer than
        // the browser takes to get here.
        await hub.FinishFollowUpsAsync();
        var moderator = await hub.NewVisitorAsync();
        await moderator.GotoAsync("/manage/");
        await moderator.GetByLabel("Moderator secret").FillAsync(hub.ModeratorSecret);
        await moderator.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var queued = moderator.Locator("#queue > li", new() { HasText = first });
        await Assertions.Expect(queued).ToContainTextAsync($"signed in with {Provider}");
        await moderator.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await queued.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(queued).ToHaveCountAsync(0);

        await hub.FinishFollowUpsAsync();
        await page.ReloadAsync();
        var published = page.Locator($"#comment-{id}");
        await Assertions.Expect(published).ToHaveClassAsync("comment"); // the page's own, no longer the held copy
        await Assertions.Expect(published.Locator(".signed-in")).ToHaveTextAsync($"signed in with {Provider}");
        await Assertions.Expect(page.GetByText($"Signed in as {name} with {Provider}")).ToBeVisibleAsync(); // still, in this tab

        await CommentBox(page).FillAsync(second);
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-status")).ToHaveTextAsync("Your comment is published.");
        await Assertions.Expect(page.Locator(".comment", new() { HasText = second }).Locator(".signed-in")).ToHaveTextAsync($"signed in with {Provider}");
    }

    [Fact]
    public async Task A_token_this_tab_did_not_ask_for_is_refused_and_taken_out_of_the_address()
    {
        var page = await hub.NewVisitorAsync();
        var payload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{{\"name\":\"Mallory\",\"idpName\":\"{Provider}\",\"exp\":{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        await page.GotoAsync($"/entries/{Entry}/#signed-in=e30.{payload}.c2ln&browser=not-this-tabs-value-0000000000000");

        await Assertions.Expect(page.Locator("#form-status")).ToContainTextAsync("Please sign in again.");
        await Assertions.Expect(page.GetByText("Signed in as")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true })).ToBeVisibleAsync();
        Assert.Equal($"{hub.SiteAddress.GetLeftPart(UriPartial.Authority)}/entries/{Entry}/", page.Url);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('hub.commenterToken')"));
    }

    [Fact]
    public async Task A_failed_sign_in_says_so_and_is_taken_out_of_the_address()
    {
        var page = await hub.NewVisitorAsync();

        await page.GotoAsync($"/entries/{Entry}/?from=feed#sign-in-failed=access_denied");

        await Assertions.Expect(page.Locator("#form-status")).ToContainTextAsync("Signing in did not work (access_denied)");
        Assert.Equal($"{hub.SiteAddress.GetLeftPart(UriPartial.Authority)}/entries/{Entry}/?from=feed", page.Url);
    }
}
