using Deque.AxeCore.Playwright;
using Hub.Testing;
using Microsoft.Playwright;

namespace Hub.BrowserTests;

/// <summary>The console on the site's origin, talking to the API on another, as in Azure.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ConsoleTests(BrowserHub hub)
{
    private static string NewName(string person) => $"{person}-{Guid.NewGuid():N}"[..(person.Length + 9)];

    private async Task<IPage> SignInAsync(string secret)
    {
        var page = await hub.NewVisitorAsync();
        await page.GotoAsync("/manage/");
        await page.GetByLabel("Moderator secret").FillAsync(secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#console")).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle); // the counts and the queue
        return page;
    }

    [Fact]
    public async Task The_console_shows_who_is_signed_in_and_signing_out_forgets_the_secret()
    {
        var name = NewName("grace");
        var page = await SignInAsync(await hub.AddModeratorAsync(name));

        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync($"Signed in as {name}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Moderator secret")).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => sessionStorage.length"));
    }

    [Fact]
    public async Task A_revoked_moderator_is_signed_out_on_their_next_action()
    {
        var name = NewName("heidi");
        var page = await SignInAsync(await hub.AddModeratorAsync(name));
        await hub.RevokeModeratorAsync(name);

        await page.Locator("[data-status=approved]").ClickAsync();

        await Assertions.Expect(page.Locator("#key-error")).ToContainTextAsync("refused");
        await Assertions.Expect(page.Locator("#console")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Saving_an_entry_another_moderator_changed_shows_412_and_overwrites_nothing()
    {
        using var maintainer = hub.Maintainer();
        var category = Entries.NewCategory();
        var id = "contested-" + category;
        var original = $"Original {category}";
        await maintainer.PutOkAsync(id, Entries.Draft(category, original));
        var page = await SignInAsync(await hub.AddModeratorAsync(NewName("ivan")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Entries" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit " + original }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Title")).ToHaveValueAsync(original);

        using var other = hub.Moderator(await hub.AddModeratorAsync(NewName("judy")));
        await other.PutOkAsync(id, Entries.Draft(category, "Judy's title"));
        await page.GetByLabel("Title").FillAsync("Ivan's title");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save entry" }).ClickAsync();

        await Assertions.Expect(page.Locator("#console-status")).ToContainTextAsync("changed since");
        using var reader = hub.Reader();
        Assert.Equal("Judy's title", (string?)(await reader.GetJsonAsync($"/api/resources/{id}"))["title"]);
    }

    [Fact]
    public async Task An_entrys_text_is_written_in_markdown_previewed_by_the_servers_renderer_and_saved()
    {
        using var maintainer = hub.Maintainer();
        var category = Entries.NewCategory();
        var id = "written-" + category;
        var title = $"Written {category}";
        await maintainer.PutOkAsync(id, Entries.Draft(category, title));
        const string markdown = "# What the contract covers\n\nThe *pilot* ran for a year: [the contract](https://example.org/contract).\n\n<script>window.previewRan = true</script>";
        var page = await SignInAsync(await hub.AddModeratorAsync(NewName("lena")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Entries" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit " + title }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Title")).ToHaveValueAsync(title);
        var text = page.GetByLabel("Text (Markdown)");
        await Assertions.Expect(text).ToHaveValueAsync("");

        await text.FillAsync(markdown);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Preview" }).ClickAsync();

        var preview = page.Locator("#entry-body-rendered");
        await Assertions.Expect(preview.Locator("h2")).ToHaveTextAsync("What the contract covers");
        await Assertions.Expect(preview.Locator("em")).ToHaveTextAsync("pilot");
        await Assertions.Expect(preview.GetByRole(AriaRole.Link, new() { Name = "the contract" })).ToHaveAttributeAsync("href", "https://example.org/contract");
        await Assertions.Expect(preview).ToContainTextAsync("<script>window.previewRan = true</script>"); // raw HTML stays text
        Assert.Equal(0, await preview.Locator("script").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("() => window.previewRan === true"));
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Preview" })).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(text).ToBeHiddenAsync();
        var axe = await page.RunAxe();
        Assert.True(axe.Violations.Length == 0, string.Join("; ", axe.Violations.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));

        // The arrow keys move between the tabs, as ARIA's tab pattern has it.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Preview" }).PressAsync("ArrowLeft");
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Write" })).ToBeFocusedAsync();
        await Assertions.Expect(text).ToHaveValueAsync(markdown);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save entry" }).ClickAsync();
        await Assertions.Expect(page.Locator("#console-status")).ToContainTextAsync("Entry saved.");

        using var reader = hub.Reader();
        Assert.Equal(markdown, (string?)(await reader.GetJsonAsync($"/api/resources/{id}"))["body"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit " + title }).ClickAsync();
        await Assertions.Expect(text).ToHaveValueAsync(markdown);

        // An emptied text is sent as no text: the entry has no body again.
        await text.FillAsync("  ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save entry" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Title")).ToHaveValueAsync(""); // saved: the form is cleared (the status still says so from before)
        Assert.Null((await reader.GetJsonAsync($"/api/resources/{id}"))["body"]);
    }

    [Fact]
    public async Task The_moderators_webhook_is_set_in_the_settings_which_show_how_sending_went()
    {
        using var receiver = new WebhookReceiver();
        using var maintainer = hub.Maintainer();
        var page = await SignInAsync(await hub.AddModeratorAsync(NewName("kim")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Discussion settings" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notify-status")).ToHaveTextAsync("Nobody is told yet.");

        await page.GetByLabel("Webhook address").FillAsync("http://chat.example.org/hook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notifyUrl-error")).ToContainTextAsync("https://");

        try
        {
            await page.GetByLabel("Webhook address").FillAsync(receiver.Url);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
            await Assertions.Expect(page.Locator("#console-status")).ToContainTextAsync("Settings saved.");
            await Assertions.Expect(page.Locator("#notifyUrl-error")).ToBeEmptyAsync();
            Assert.Equal(receiver.Url, (string?)(await maintainer.GetJsonAsync("/api/manage/settings"))["notifyUrl"]);

            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("#console")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Discussion settings" }).ClickAsync();
            await Assertions.Expect(page.Locator("#notify-status")).ToHaveTextAsync("Nothing sent yet.");
        }
        finally
        {
            (await maintainer.PatchAsJsonAsync("/api/manage/settings", new { notifyUrl = "" })).EnsureSuccessStatusCode();
        }
    }
}
