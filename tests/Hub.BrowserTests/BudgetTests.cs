using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hub.BrowserTests;

/// <summary>The entry page's weight: the WordPress page it replaces took 12 requests and 149 KB.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class BudgetTests(BrowserHub hub, ITestOutputHelper output)
{
    [Fact]
    public async Task The_entry_page_with_20_comments_loads_in_6_requests_and_60_kb()
    {
        const string entry = "aws-govcloud-cloud-industrial-complex";
        for (var i = 0; i < 20; i++)
        {
            await hub.PublishCommentAsync(entry, $"Comment number {i}: the contracts deserve scrutiny, and here is why it matters to everyone reading this hub.");
        }

        var page = await hub.NewVisitorAsync();
        var responses = new List<IResponse>();
        page.Response += (_, response) => responses.Add(response);

        await page.GotoAsync($"/entry.html?id={entry}");
        await Assertions.Expect(page.Locator("#comments .comment")).ToHaveCountAsync(20);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        long bytes = 0;
        foreach (var response in responses)
        {
            bytes += (await response.BodyAsync()).Length;
        }

        output.WriteLine($"entry page with 20 comments: {responses.Count} requests, {bytes / 1024.0:F1} KB");
        Assert.True(responses.Count <= 6, $"{responses.Count} requests: {string.Join(", ", responses.Select(r => r.Url))}");
        Assert.True(bytes <= 60 * 1024, $"{bytes} bytes");
    }
}
