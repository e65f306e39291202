using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hub.Cli;
using Hub.Core.Entries;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.IntegrationTests.Cli;

/// <summary>
/// <c>hub import</c> of posts shaped like a WordPress 6 export: the body keeps every link with its
/// address, lists, quotes and emphasis; comments keep their emphasis; what the hub does not show is
/// counted; and a second run of the same file changes nothing.
/// </summary>
public sealed partial class WordPressContentImportTests(HubServer hub) : IClassFixture<HubServer>, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"wordpress-content-{Guid.NewGuid():N}.xml");

    /// <summary>A block-editor post, as WordPress 6 writes one: each block between its comment markers.</summary>
    private const string BlockPost = """
        <!-- wp:paragraph -->
        <p><a href="https://example.org/timeline">Read the timeline ›</a></p>
        <!-- /wp:paragraph -->

        <!-- wp:heading -->
        <h2 class="wp-block-heading">What the <strong>contract</strong> covers</h2>
        <!-- /wp:heading -->

        <!-- wp:list -->
        <ul class="wp-block-list"><!-- wp:list-item -->
        <li><a href="https://example.org/contract.pdf">The contract</a> (PDF)</li>
        <!-- /wp:list-item -->

        <!-- wp:list-item -->
        <li>Who to ask<!-- wp:list -->
        <ul class="wp-block-list"><!-- wp:list-item -->
        <li><a href="mailto:tips@example.org">tips@example.org</a></li>
        <!-- /wp:list-item --></ul>
        <!-- /wp:list --></li>
        <!-- /wp:list-item --></ul>
        <!-- /wp:list -->

        <!-- wp:quote -->
        <blockquote class="wp-block-quote"><!-- wp:paragraph -->
        <p>We do not comment on <em>ongoing</em> contracts. See <a href="https://agency.example.gov/statement">our statement</a>.</p>
        <!-- /wp:paragraph --><cite>A spokesperson</cite></blockquote>
        <!-- /wp:quote -->

        <!-- wp:shortcode -->
        [gallery ids="12,13"]
        <!-- /wp:shortcode -->

        <!-- wp:html -->
        <iframe src="https://www.youtube.com/embed/abc" width="560" height="315"></iframe>
        <script>document.write('tracked')</script>
        <!-- /wp:html -->

        <!-- wp:paragraph -->
        <p>Relative <a href="/2019/05/earlier/">earlier post</a> and <a href="javascript:alert(1)">a trap</a>; 5 * 3 [sic].</p>
        <!-- /wp:paragraph -->
        """;

    private const string BlockPostBody = """
        [Read the timeline ›](https://example.org/timeline)

        ## What the **contract** covers

        - [The contract](https://example.org/contract.pdf) (PDF)
        - Who to ask
          - [tips@example.org](mailto:tips@example.org)

        > We do not comment on *ongoing* contracts. See [our statement](https://agency.example.gov/statement).
        >
        > *A spokesperson*

        Relative earlier post and a trap; 5 \* 3 \[sic\].
        """;

    /// <summary>A classic-editor post: paragraphs are blank lines (WordPress's wpautop adds the &lt;p&gt; on display).</summary>
    private const string ClassicPost = "The <a href=\"https://example.org/foia\">FOIA request</a> came back.\n\nIt names three vendors:\n<ol>\n<li>One</li>\n<li>Two</li>\n</ol>\n[gallery ids=\"14\"]\nMore soon.";

    private static string Export(string slug) => new WordPressExport("Surveillance Watch")
        .Item(
            "The timeline", slug, BlockPost,
            excerpt: "How the contract came to be, step by step.",
            comments:
            [
                new(21, "Ada", "ada@example.org", "<b>Agreed.</b> The <strong>field office</strong> signed it, <em>not</em> HQ."),
                new(22, "Grace", "grace@example.org", "See <a href=\"https://example.org/foia\" rel=\"nofollow ugc\">the FOIA request</a>.\n\nSecond line <script>alert(1)</script>", Parent: 21, Date: "2019-05-15 11:00:00"),
            ])
        .Item("The FOIA request", slug + "-foia", ClassicPost, date: "2019-06-01 08:00:00")
        .ToString();

    private async Task<(int ExitCode, string Output, string Errors)> ImportAsync(string wxr, bool json)
    {
        await File.WriteAllTextAsync(_file, wxr);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await ImportCommand.RunAsync(new FileInfo(_file), json, CliServices.Build(hub.StorageSettings), output, errors, CancellationToken.None);
        await hub.RunQueuesAsync();
        return (exitCode, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Posts_keep_their_links_and_markup_as_markdown_what_is_dropped_is_counted_and_a_second_run_changes_nothing()
    {
        var slug = "timeline-" + Guid.NewGuid().ToString("N")[..8];
        var export = Export(slug);

        var first = await ImportAsync(export, json: false);

        Assert.True(first.ExitCode == 0, first.Errors);
        Assert.Contains("entries:  2 created, 0 updated, 0 unchanged", first.Output, StringComparison.Ordinal);
        Assert.Contains("dropped from posts and comments: 1 × iframe, 2 × script, 2 × shortcode [gallery]", first.Output, StringComparison.Ordinal);

        using var reader = hub.Reader();
        var entry = await reader.GetJsonAsync($"/api/resources/{slug}");
        var body = (string)entry["body"]!;
        Assert.Equal(BlockPostBody, body);
        foreach (var address in Hrefs().Matches(export).Select(match => match.Groups[1].Value).Where(href => href.StartsWith("https:", StringComparison.Ordinal) || href.StartsWith("mailto:", StringComparison.Ordinal)))
        {
            if (!address.Contains("foia", StringComparison.Ordinal))
            {
                Assert.Contains($"]({address})", body, StringComparison.Ordinal);
            }
        }

        Assert.Equal("How the contract came to be, step by step.", (string?)entry["summary"]);

        var classic = await reader.GetJsonAsync($"/api/resources/{slug}-foia");
        Assert.Equal("The [FOIA request](https://example.org/foia) came back.\n\nIt names three vendors:\n\n1. One\n2. Two\n\nMore soon.", (string?)classic["body"]);
        Assert.Equal("The FOIA request came back.\n\nIt names three vendors:\n\nOne\n\nTwo\n\nMore soon.", (string?)classic["summary"]);

        var comments = (await reader.PublicCommentsAsync(slug)).Select(comment => (string)comment["content"]!).ToList();
        Assert.Contains("**Agreed.** The **field office** signed it, *not* HQ.", comments);
        Assert.Contains("See [the FOIA request](https://example.org/foia).\n\nSecond line", comments);

        var second = await ImportAsync(export, json: true);

        Assert.Equal(0, second.ExitCode);
        var summary = JsonNode.Parse(second.Output)!;
        var imported = summary["imported"]!;
        Assert.Equal(2, (int)imported["entriesUnchanged"]!);
        Assert.Equal(0, (int)imported["entriesCreated"]! + (int)imported["entriesUpdated"]!);
        Assert.Equal(2, (int)imported["commentsUnchanged"]!);
        Assert.All(imported["commentsCreated"]!.AsObject(), pair => Assert.Equal(0, (int)pair.Value!));
        Assert.Equal(1, (int)summary["dropped"]!["iframe"]!);
        Assert.Equal(2, (int)summary["dropped"]!["script"]!);
        Assert.Equal(2, (int)summary["dropped"]!["shortcode [gallery]"]!);
        Assert.Empty(summary["bodiesCut"]!.AsArray());
        Assert.Equal(body, (string?)(await reader.GetJsonAsync($"/api/resources/{slug}"))["body"]);

        // A change in a post's body alone is a change: the entry is updated.
        var edited = await ImportAsync(export.Replace("https://example.org/timeline", "https://example.org/timeline-2020", StringComparison.Ordinal), json: true);

        Assert.Equal(1, (int)JsonNode.Parse(edited.Output)!["imported"]!["entriesUpdated"]!);
        var stored = await hub.Services.GetRequiredService<EntryRepository>().GetCurrentAsync(slug, CancellationToken.None); // the API caches reads for 10 s
        Assert.Contains("](https://example.org/timeline-2020)", stored!.Entry.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_too_long_for_an_entry_is_cut_at_a_paragraph_and_named()
    {
        var slug = "long-" + Guid.NewGuid().ToString("N")[..8];
        var paragraph = "<p>" + string.Join(' ', Enumerable.Repeat("surveillance", 90)) + "</p>"; // about 1,170 characters a paragraph
        var export = new WordPressExport("Surveillance Watch").Item("A long read", slug, string.Concat(Enumerable.Repeat(paragraph, 30))).ToString();

        var result = await ImportAsync(export, json: false);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains($"cut at the last paragraph within 30,000 characters (the rest is still in WordPress): {slug}", result.Output, StringComparison.Ordinal);
        using var reader = hub.Reader();
        var body = (string)(await reader.GetJsonAsync($"/api/resources/{slug}"))["body"]!;
        Assert.InRange(body.Length, 28_000, 30_000);
        Assert.EndsWith("surveillance", body, StringComparison.Ordinal);
        Assert.All(body.Split("\n\n"), block => Assert.Equal(string.Join(' ', Enumerable.Repeat("surveillance", 90)), block));
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Hrefs();

    public void Dispose() => File.Delete(_file);
}
