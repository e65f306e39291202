using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hub.Cli;
using Hub.Site.Publishing;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.IntegrationTests.Cli;

/// <summary><c>hub import</c> of a WordPress export: every post and comment accounted for, threads kept, and a second run changes nothing.</summary>
public sealed class WordPressImportTests(HubServer hub) : IClassFixture<HubServer>, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"wordpress-{Guid.NewGuid():N}.xml");

    private static string Export(string slug) => new WordPressExport("Surveillance Watch &amp; Friends")
        .Item(
            "Palantir&amp;#8217;s ICE contract", slug,
            "<p>The contract runs to <strong>$92 million</strong> &amp; covers case management.</p>\n\nÜberwachung – naïve café ☕ 日本語",
            terms: [("category", "contracts", "Contracts"), ("post_tag", "ice", "ICE"), ("post_tag", "palantir", "Palantir")],
            comments:
            [
                new(11, "Ada", "ada@example.org", "Who signed it?"),
                new(12, "Grace", "grace@example.org", "The <em>field office</em> did &amp; so did HQ.", Parent: 11, Date: "2019-05-15 11:00:00"),
                new(13, "Ada", "ada@example.org", "Thanks – &lt;script&gt;alert(1)&lt;/script&gt; is what they&#8217;d call it.", Parent: 12, Date: "2019-05-15 12:00:00"),
                new(14, "Waiting", "wait@example.org", "Still held.", Approved: "0", Date: "2019-05-16 10:00:00"),
                new(15, "Binned", "bin@example.org", "In the trash.", Approved: "trash", Date: "2019-05-16 11:00:00"),
                new(16, "Spammer", "spam@example.org", "Cheap pills.", Approved: "spam", Date: "2019-05-16 12:00:00"),
                new(17, "Other blog", "", "Pingback.", Type: "pingback", Date: "2019-05-17 10:00:00"),
                new(18, "Another blog", "", "Trackback.", Type: "trackback", Date: "2019-05-17 11:00:00"),
            ])
        .Item("Same slug, later post", slug, "A second post whose slug collides.", date: "2020-02-02 08:00:00")
        .Item("About", "about", "A page, not a post.", type: "page")
        .Item("Unfinished", "unfinished", "A draft.", status: "draft")
        .Item("photo.jpg", "photo-jpg", "", type: "attachment", status: "inherit")
        .ToString();

    private async Task<(int ExitCode, string Output, string Errors)> ImportAsync(string wxr, bool json = false)
    {
        await File.WriteAllTextAsync(_file, wxr);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await ImportCommand.RunAsync(new FileInfo(_file), json, CliServices.Build(hub.StorageSettings), output, errors, CancellationToken.None);
        await hub.RunQueuesAsync(); // what the function app does after: the queue, counts, pages
        return (exitCode, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task A_wordpress_export_arrives_whole_and_threaded_and_a_second_run_changes_nothing()
    {
        var slug = "palantir-ice-" + Guid.NewGuid().ToString("N")[..8];
        var first = await ImportAsync(Export(slug));

        Assert.True(first.ExitCode == 0, first.Errors);
        Assert.Contains("entries:  2 created, 0 updated, 0 unchanged", first.Output, StringComparison.Ordinal);
        Assert.Contains("comments: 1 pending, 3 approved, 1 spam, 1 trash created; 0 already imported; 0 duplicates left out", first.Output, StringComparison.Ordinal);
        foreach (var leftOut in new[] { "1 × attachment (not a post)", "1 × page (not a post)", "1 × pingback", "1 × post with status draft", "1 × trackback" })
        {
            Assert.Contains(leftOut, first.Output, StringComparison.Ordinal);
        }

        var second = await ImportAsync(Export(slug), json: true);
        Assert.Equal(0, second.ExitCode);
        var summary = JsonNode.Parse(second.Output)!["imported"]!;
        Assert.Equal(2, (int)summary["entriesUnchanged"]!);
        Assert.Equal(0, (int)summary["entriesCreated"]! + (int)summary["entriesUpdated"]!);
        Assert.Equal(6, (int)summary["commentsUnchanged"]!);
        Assert.All(summary["commentsCreated"]!.AsObject(), pair => Assert.Equal(0, (int)pair.Value!));

        using var reader = hub.Reader();
        var entry = await reader.GetJsonAsync($"/api/resources/{slug}");
        Assert.Equal("Palantir’s ICE contract", (string?)entry["title"]);
        Assert.Equal("The contract runs to $92 million & covers case management.\n\nÜberwachung – naïve café ☕ 日本語", (string?)entry["summary"]);
        Assert.Equal("contracts", (string?)entry["category"]);
        Assert.Equal(["ice", "palantir"], entry["tags"]!.AsArray().Select(tag => (string)tag!));
        Assert.Equal("Surveillance Watch & Friends", (string?)entry["source"]);
        Assert.Equal("2019-05-14", (string?)entry["publishedOn"]);
        Assert.Equal(3, (int)entry["commentCount"]!);
        Assert.Equal("Same slug, later post", (string?)(await reader.GetJsonAsync($"/api/resources/{slug}-2"))["title"]);

        var comments = await reader.PublicCommentsAsync(slug);
        var byText = comments.ToDictionary(comment => (string)comment["content"]!, comment => comment);
        var question = byText["Who signed it?"];
        var answer = byText["The *field office* did & so did HQ."]; // a comment's markup is Markdown now, its text escaped as text
        var thanks = byText["Thanks – \\<script>alert(1)\\</script> is what they’d call it."];
        Assert.Null((string?)question["parentId"]);
        Assert.Equal((string)question["id"]!, (string?)answer["parentId"]);
        Assert.Equal((string)answer["id"]!, (string?)thanks["parentId"]);

        using var maintainer = hub.Maintainer();
        Assert.NotNull(await FindAsync(maintainer, "pending", "Still held."));
        Assert.NotNull(await FindAsync(maintainer, "trash", "In the trash."));
        Assert.NotNull(await FindAsync(maintainer, "spam", "Cheap pills."));

        // On the site, the thread nests as it did, and the markup in a comment is text.
        await hub.Services.GetRequiredService<SitePublisher>().PublishAllAsync(null, CancellationToken.None);
        using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());
        var page = await site.GetStringAsync($"/entries/{slug}/");
        Assert.Equal("1", Depth(page, (string)question["id"]!));
        Assert.Equal("2", Depth(page, (string)answer["id"]!));
        Assert.Equal("3", Depth(page, (string)thanks["id"]!));
        Assert.Contains("alert(1)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Still held.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_export_changes_nothing_and_says_why()
    {
        var result = await ImportAsync("<rss><channel><item><title>cut off");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("was not imported; nothing changed", result.Errors, StringComparison.Ordinal);
        Assert.Single(result.Errors.Trim().Split('\n'));
    }

    private static async Task<JsonObject?> FindAsync(HttpClient maintainer, string status, string content)
        => (await maintainer.GetJsonAsync($"/api/manage/comments?status={status}&limit=100"))["items"]!.AsArray()
            .FirstOrDefault(item => (string?)item!["content"] == content)?.AsObject();

    private static string Depth(string page, string commentId)
        => Regex.Match(page, $"id=\"comment-{commentId}\" class=\"comment\" data-depth=\"(\\d+)\"").Groups[1].Value;

    public void Dispose() => File.Delete(_file);
}
