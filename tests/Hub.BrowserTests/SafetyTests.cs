using Microsoft.Playwright;

namespace Hub.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed class SafetyTests(BrowserHub hub)
{
    /// <summary>A selection of the OWASP XSS filter evasion vectors; each would set window.__xss if it ran.</summary>
    public static readonly string[] Payloads =
    [
        "<script>window.__xss=1</script>",
        "<IMG SRC=x onerror=\"window.__xss=1\">",
        "<svg/onload=window.__xss=1>",
        "\"><script>window.__xss=1</script>",
        "<a href=\"javascript:window.__xss=1\">click me</a>",
        "<iframe src=\"javascript:window.__xss=1\"></iframe>",
        "<body onload=window.__xss=1>",
        "<IMG SRC=\"jav&#x09;ascript:window.__xss=1;\">",
        "<<SCRIPT>window.__xss=1;//<</SCRIPT>",
        "<div style=\"background-image: url(javascript:window.__xss=1)\">x</div>",
        "';window.__xss=1;//",
        "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    ];

    [Fact]
    public async Task Script_and_html_in_comments_show_as_literal_text_and_run_nothing()
    {
        const string entry = "jedi-cloud-contract";
        foreach (var payload in Payloads)
        {
            await hub.PublishCommentAsync(entry, payload, name: "<b onmouseover=window.__xss=1>Mallory</b>");
        }

        await hub.PublishCommentAsync(entry, "Links: https://example.org/report and javascript:window.__xss=1", authorUrl: "https://mallory.example/");
        var page = await hub.NewVisitorAsync();
        var dialogs = 0;
        page.Dialog += async (_, dialog) =>
        {
            dialogs++;
            await dialog.DismissAsync();
        };

        await BrowserHub.OpenEntryAsync(page, entry);
        await Assertions.Expect(page.Locator("#comments .comment")).ToHaveCountAsync(Payloads.Length + 1);
        await page.Locator("#comments .author").First.HoverAsync();

        var bodies = await page.Locator("#comments .comment-body").AllInnerTextsAsync();
        foreach (var payload in Payloads)
        {
            // Comments are Markdown, which reads character references as HTML does (&#x09; is a tab, which a
            // paragraph shows as a space): shown as the text it is, never run.
            var shown = System.Text.RegularExpressions.Regex.Replace(System.Net.WebUtility.HtmlDecode(payload), @"\s+", " ");
            Assert.Contains(bodies, body => body.Trim() == shown);
        }

        Assert.Equal(0, dialogs);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), "a payload ran");
        Assert.Equal(0, await page.Locator("#comments script, #comments img, #comments svg, #comments iframe, #comments b, #comments math").CountAsync());
        await Assertions.Expect(page.Locator("#comments .author").First).ToHaveTextAsync("<b onmouseover=window.__xss=1>Mallory</b>");

        var links = await page.Locator("#comments .comment-body a, #comments .author a").EvaluateAllAsync<string[][]>("links => links.map(a => [a.href, a.rel])");
        Assert.Equal(2, links.Length);
        Assert.All(links, link =>
        {
            Assert.Matches("^https?://", link[0]);
            Assert.Equal("nofollow ugc noopener", link[1]);
        });
    }
}
