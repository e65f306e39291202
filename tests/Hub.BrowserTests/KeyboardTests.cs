using Hub.Testing;
using Microsoft.Playwright;

namespace Hub.BrowserTests;

/// <summary>The two main tasks done with the keyboard alone.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class KeyboardTests(BrowserHub hub)
{
    private static async Task TabToAsync(IPage page, string id)
    {
        for (var presses = 0; presses < 40; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement && document.activeElement.id") == id)
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached #{id}");
    }

    [Fact]
    public async Task A_comment_can_be_written_and_sent_with_the_keyboard_alone()
    {
        var page = await hub.NewVisitorAsync(width: 360);
        await BrowserHub.OpenEntryAsync(page, "resist-amazon-hq2");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await TabToAsync(page, "content");
        await page.Keyboard.TypeAsync("Written without a mouse.");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Kay");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync($"kay-{Guid.NewGuid():N}@example.org");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator(".comment.awaiting", new() { HasText = "Written without a mouse." })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_console_unlocks_and_switches_queues_with_the_keyboard_alone()
    {
        var page = await hub.NewVisitorAsync();
        await page.GotoAsync("/manage/");

        await TabToAsync(page, "key");
        await page.Keyboard.TypeAsync(hub.ModeratorSecret);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#console")).ToBeVisibleAsync();

        await page.Locator("[data-status=approved]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-status=approved]")).ToHaveAttributeAsync("aria-pressed", "true");
    }
}
