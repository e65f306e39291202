using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hub.Testing;
using Microsoft.Playwright;

namespace Hub.BrowserTests;

/// <summary>
/// The hub as the README's run command starts it (sample entries loaded; the site and the API
/// on two origins, as in Azure), and Debian's Chromium driven by Playwright. Playwright's own
/// browser download cannot run here, so the system browser is launched (HUB_CHROMIUM overrides
/// its path).
/// </summary>
public sealed class BrowserHub : HubServer
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Debian's Chromium, or the one HUB_CHROMIUM names.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("HUB_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The browser drives the site as people do: each write's follow-up comes from the local host's queue trigger, polled as in Azure.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Hub:RunQueues"] = "true" };

    /// <summary>The queue runs in the background here, and may be handling a write's message already: finish every open follow-up instead.</summary>
    protected override async Task AfterWriteAsync() => await FinishFollowUpsAsync();

    protected override string SampleContent => Path.Combine(Hub.LocalHost.Content.RepositoryLayout.FindRoot(), "samples", "resources.json");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // Every browser visitor connects from 127.0.0.1, like readers behind one shared address;
        // the flood limit is shown by the integration tests, so here it would only get in the way.
        using (var maintainer = Maintainer())
        {
            using var rules = await maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0 });
            rules.EnsureSuccessStatusCode();
        }

        var chromium = ChromiumPath;
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Browser tests need Chromium at {chromium}: install Debian's chromium package, or set HUB_CHROMIUM.");
        }

        // The machines are shared and slow at times: wait longer than Playwright's 5 s for what must appear.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A fresh visitor of the site: no storage shared with any other, in the given color scheme and width.</summary>
    public async Task<IPage> NewVisitorAsync(ColorScheme scheme = ColorScheme.Light, int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = SiteAddress.ToString(),
            ColorScheme = scheme,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Opens an entry page and waits until the entry and its comments are on it: they arrive
    /// after the load event, and a click made while they render can land on the wrong element.
    /// </summary>
    public static async Task OpenEntryAsync(IPage page, string entryId)
    {
        await page.GotoAsync($"/entries/{entryId}/");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>A comment, posted and approved through the API, on the given entry.</summary>
    public async Task<string> PublishCommentAsync(string entryId, string content, string name = "Reader", string? authorUrl = null)
    {
        using var reader = Reader();
        using var maintainer = Maintainer();
        var comment = Discussion.Comment(content, name);
        comment["authorUrl"] = authorUrl;
        var id = (string)(await reader.PostCommentOkAsync(entryId, comment))["id"]!;
        await maintainer.ModerateAsync(entryId, id, "pending", "approved");
        return id;
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserHub>
{
    public const string Name = "browser";
}
