using Hub.Site.Rendering;

namespace Hub.UnitTests.Markdown;

/// <summary>What a maintainer's and a commenter's Markdown becomes: a table of cases, Markdown in, HTML out.</summary>
public sealed class MarkdownTextTests
{
    private const string Entry = "rel=\"noopener\"";
    private const string Comment = "rel=\"nofollow ugc noopener\"";

    public static TheoryData<string, string, string> EntryCases() => new()
    {
        { "a link keeps its address", "[Read the timeline ›](https://example.org/timeline)", $"<p><a href=\"https://example.org/timeline\" {Entry}>Read the timeline ›</a></p>" },
        { "a bare address is a link, as before", "See https://example.org/a.", $"<p>See <a href=\"https://example.org/a\" {Entry}>https://example.org/a</a>.</p>" },
        { "a mailto link", "[tips](mailto:tips@example.org)", $"<p><a href=\"mailto:tips@example.org\" {Entry}>tips</a></p>" },
        { "emphasis and strong", "*one* and **two**", "<p><em>one</em> and <strong>two</strong></p>" },
        { "a heading sits below the page's title", "# Findings\n\n### Detail", "<h2>Findings</h2>\n<h4>Detail</h4>" },
        { "a lone heading of any level is the h2", "###### Note", "<h2>Note</h2>" },
        { "the deepest heading stays a heading", "# Top\n\n###### Note", "<h2>Top</h2>\n<h6>Note</h6>" },
        { "the highest heading written is the h2, whatever its level", "## Findings\n\n### Detail", "<h2>Findings</h2>\n<h3>Detail</h3>" },
        { "text nested past the renderer's depth is shown as text", new string('>', 2000) + " <b>x</b>", $"<p>{new string('>', 2000).Replace(">", "&gt;")} &lt;b&gt;x&lt;/b&gt;</p>" },
        { "a list", "- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" },
        { "a numbered list keeps its start", "3. three\n4. four", "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>" },
        { "a quote", "> said so", "<blockquote>\n<p>said so</p>\n</blockquote>" },
        { "code", "`x < y`", "<p><code>x &lt; y</code></p>" },
        { "raw HTML is text", "<b>bold</b>", "<p>&lt;b&gt;bold&lt;/b&gt;</p>" },
        { "a remote image is a link to it", "![chart](https://example.org/c.png)", $"<p><a href=\"https://example.org/c.png\" {Entry}>chart</a></p>" },
        { "an image without words is a link named by its address", "![](https://example.org/c.png)", $"<p><a href=\"https://example.org/c.png\" {Entry}>https://example.org/c.png</a></p>" },
        { "a javascript: link keeps only its words", "[click](javascript:alert(1))", "<p>click</p>" },
        { "a relative link keeps only its words", "[console](/manage/)", "<p>console</p>" },
    };

    public static TheoryData<string, string, string> CommentCases() => new()
    {
        { "a link gets no ranking and no opener", "[source](https://example.org/s)", $"<p><a href=\"https://example.org/s\" {Comment}>source</a></p>" },
        { "a bare address is a link", "https://example.org/s", $"<p><a href=\"https://example.org/s\" {Comment}>https://example.org/s</a></p>" },
        { "emphasis", "*really* **not**", "<p><em>really</em> <strong>not</strong></p>" },
        { "a quote", "> you wrote", "<blockquote>\n<p>you wrote</p>\n</blockquote>" },
        { "code", "`grep`", "<p><code>grep</code></p>" },
        { "a code block", "```\nline\n```", "<pre><code>line\n</code></pre>" },
        { "a list", "1. first\n2. second", "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" },
        { "a line break is a line break", "one\ntwo", "<p>one<br />\ntwo</p>" },
        { "a heading stays text", "# Shouting", "<p># Shouting</p>" },
        { "an underlined heading stays text", "Title\n===", "<p>Title<br />\n===</p>" },
        { "a rule stays text", "---", "<p>---</p>" },
        { "WordPress's <b> is text", "<b>bold</b>", "<p>&lt;b&gt;bold&lt;/b&gt;</p>" },
        { "an image is a link", "![x](https://example.org/x.png)", $"<p><a href=\"https://example.org/x.png\" {Comment}>x</a></p>" },
        { "a WordPress import's escapes and hard breaks", "\\<b\\> \\*not\\*\\\nnext", "<p>&lt;b&gt; *not*<br />\nnext</p>" },
        { "text nested past the renderer's depth is shown as text", new string('[', 3000), $"<p>{new string('[', 3000)}</p>" },
    };

    [Theory]
    [MemberData(nameof(EntryCases))]
    public void An_entry_body_renders(string rule, string markdown, string html) => Assert.True(html == MarkdownText.Entry(markdown).TrimEnd(), $"{rule}: {MarkdownText.Entry(markdown)}");

    [Theory]
    [MemberData(nameof(CommentCases))]
    public void A_comment_renders(string rule, string markdown, string html) => Assert.True(html == MarkdownText.Comment(markdown).TrimEnd(), $"{rule}: {MarkdownText.Comment(markdown)}");
}
