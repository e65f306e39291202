using System.Diagnostics;
using System.Text.Json;
using Hub.LocalHost.Content;
using Xunit.Abstractions;

namespace Hub.BrowserTests;

/// <summary>
/// Lighthouse (mobile, from the repository's npm packages) on the pre-rendered pages. The scores
/// that do not depend on timing are asserted (accessibility, best practices, SEO: 100; no layout
/// shift); performance and LCP depend on the machine, so they are printed, never asserted.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class LighthouseTests(BrowserHub hub, ITestOutputHelper output)
{
    [Theory]
    [InlineData("entry", "/entries/amazon-rekognition/")]
    [InlineData("home", "/")]
    public async Task Lighthouse_finds_the_page_accessible_well_made_findable_and_without_layout_shift(string name, string path)
    {
        var report = Path.Combine(Path.GetTempPath(), $"lighthouse-{name}-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            Path.Combine(RepositoryLayout.FindRoot(), "node_modules", "lighthouse", "cli", "index.js"),
            new Uri(hub.SiteAddress, path).ToString(),
            "--chrome-path=" + BrowserHub.ChromiumPath,
            // No name but 127.0.0.1 resolves, so nothing can leave the machine.
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'",
            "--no-enable-error-reporting",
            "--form-factor=mobile",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--output=json",
            "--output-path=" + report,
            "--quiet",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var lighthouse = Process.Start(start)!;
        var errors = lighthouse.StandardError.ReadToEndAsync();
        await lighthouse.StandardOutput.ReadToEndAsync();
        await lighthouse.WaitForExitAsync();
        Assert.True(lighthouse.ExitCode == 0, await errors);

        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        File.Delete(report);
        var categories = result.RootElement.GetProperty("categories");
        var audits = result.RootElement.GetProperty("audits");
        int Score(string category) => (int)Math.Round(categories.GetProperty(category).GetProperty("score").GetDouble() * 100);
        output.WriteLine($"lighthouse {name}: performance {Score("performance")}, accessibility {Score("accessibility")}, best practices {Score("best-practices")}, SEO {Score("seo")}, " +
                         $"LCP {audits.GetProperty("largest-contentful-paint").GetProperty("displayValue").GetString()}, CLS {audits.GetProperty("cumulative-layout-shift").GetProperty("numericValue").GetDouble()}");

        Assert.Equal(100, Score("accessibility"));
        Assert.Equal(100, Score("best-practices"));
        Assert.Equal(100, Score("seo"));
        Assert.Equal(0, audits.GetProperty("cumulative-layout-shift").GetProperty("numericValue").GetDouble());
    }
}
