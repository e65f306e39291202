using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hub.BrowserTests;

/// <summary>The entry page's weight: the WordPress page it replaces took 12 requests and 149 KB; this one is pre-rendered and gzip'd.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class BudgetTests(BrowserHub hub, ITestOutputHelper output)
{
    [Fact]
    public async Task The_entry_page_with_20_comments_loads_in_3_requests_and_20_kb_with_no_api_call()
    {
        const string entry = "aws-govcloud-cloud-industrial-complex";
        for (var i = 0; i < 20; i++)
        {
            await hub.PublishCommentAsync(entry, $"Comment number {i}: the contracts deserve scrutiny, and here is why it matters to everyone reading this hub.");
        }

        var page = await hub.NewVisitorAsync();
        var responses = new List<IResponse>();
        page.Response += (_, response) => responses.Add(response);

        await page.GotoAsync($"/entries/{entry}/");
        await Assertions.Expect(page.Locator("#comments .comment")).ToHaveCountAsync(20);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        long transferred = 0;
        foreach (var response in responses)
        {
            var sizes = await response.Request.SizesAsync();
            transferred += sizes.ResponseHeadersSize + sizes.ResponseBodySize;
        }

        output.WriteLine($"entry page with 20 comments: {responses.Count} requests, {transferred / 1024.0:F1} KB transferred");
        Assert.True(responses.Count <= 3, $"{responses.Count} requests: {string.Join(", ", responses.Select(r => r.Url))}");
        Assert.DoesNotContain(responses, response => response.Url.StartsWith(hub.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
        Assert.True(transferred <= 20 * 1024, $"{transferred} bytes");
    }
}
