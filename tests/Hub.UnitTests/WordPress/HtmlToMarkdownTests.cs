using Hub.Cli.WordPress;

namespace Hub.UnitTests.WordPress;

/// <summary>WordPress HTML to Markdown: what a reader saw is kept, text stays text, and nothing the hub does not show survives.</summary>
public sealed class HtmlToMarkdownTests
{
    private static (string Markdown, SortedDictionary<string, int> Dropped) Convert(string html, bool autoParagraphs)
    {
        var dropped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var markdown = HtmlToMarkdown.Convert(html, autoParagraphs, kind => dropped[kind] = dropped.GetValueOrDefault(kind) + 1);
        return (markdown, dropped);
    }

    [Theory]
    // A WordPress 6 (block editor) post
    [InlineData("<!-- wp:paragraph --><p><a href=\"https://example.org/timeline\">Read the timeline ›</a></p><!-- /wp:paragraph -->", "[Read the timeline ›](https://example.org/timeline)")]
    [InlineData("<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Two</p>\n<!-- /wp:paragraph -->", "One\n\nTwo")]
    [InlineData("<!-- wp:heading --><h2 class=\"wp-block-heading\">The contract</h2><!-- /wp:heading -->", "## The contract")]
    [InlineData("<h1>One</h1><h3>Three</h3><h6>Six</h6>", "# One\n\n### Three\n\n###### Six")]
    [InlineData("<h2>C #</h2>", "## C \\#")]
    [InlineData("<h2>A<br>split heading</h2>", "## A split heading")]
    [InlineData("<blockquote class=\"wp-block-quote\"><p>We do not comment.</p><cite>A spokesperson</cite></blockquote>", "> We do not comment.\n>\n> *A spokesperson*")]
    [InlineData("<blockquote><p>One</p><blockquote><p>Two</p></blockquote></blockquote>", "> One\n>\n> > Two")]
    // Lists, nested and numbered
    [InlineData("<ul><li>One</li><li>Two</li></ul>", "- One\n- Two")]
    [InlineData("<ol><li>First</li><li>Second</li></ol>", "1. First\n2. Second")]
    [InlineData("<ol start=\"9\"><li>Nine</li><li>Ten</li></ol>", "9. Nine\n10. Ten")]
    [InlineData("<ul><li>Agencies<ul><li>ICE</li><li>CBP</li></ul></li><li>Vendors</li></ul>", "- Agencies\n  - ICE\n  - CBP\n- Vendors")]
    [InlineData("<ol><li>Step<ol><li>Sub</li></ol></li></ol>", "1. Step\n   1. Sub")]
    [InlineData("<ul><li><p>Para one</p><p>Para two</p></li></ul>", "- Para one\n\n  Para two")]
    [InlineData("<ul><li>A</li></ul><ul><li>B</li></ul><ul><li>C</li></ul>", "- A\n\n+ B\n\n- C")]
    [InlineData("<ol start=\"9\"><li>Nine</li></ol><ol><li>One</li></ol>", "9. Nine\n\n1) One")]
    [InlineData("<ul><li>Item<ol start=\"3\"><li>Three</li></ol></li></ul>", "- Item\n\n  3. Three")]
    [InlineData("<ul class=\"wp-block-list\">\n<li><a href=\"https://a.example/\">A</a></li>\n<li><strong>B</strong> corp</li>\n</ul>", "- [A](https://a.example/)\n- **B** corp")]
    // Emphasis, code, line breaks
    [InlineData("<p><em>em</em>, <i>i</i>, <strong>strong</strong>, <b>b</b></p>", "*em*, *i*, **strong**, **b**")]
    [InlineData("<p>a<em> spaced </em>b</p>", "a *spaced* b")]
    [InlineData("<p><em><em>twice</em></em> <strong><em>both</em></strong></p>", "*twice* ***both***")]
    [InlineData("<p><em></em>empty</p>", "empty")]
    [InlineData("<p><em>a</em><em>b</em> <strong>c</strong><strong>d</strong> <b>e</b><i>f</i> <em>g</em> <em>h</em></p>", "*ab* **cd** **e***f* *g* *h*")]
    [InlineData("<p>Line one<br>Line two<br/></p>", "Line one\\\nLine two")]
    [InlineData("<p>Run <code>hub import</code> or <code>a`b</code></p>", "Run `hub import` or ``a`b``")]
    [InlineData("<p><code>*not* [a](link)</code></p>", "`*not* [a](link)`")]
    [InlineData("<pre class=\"wp-block-code\"><code>if (a &lt; b)\n  *x = 1;\n</code></pre>", "```\nif (a < b)\n  *x = 1;\n```")]
    [InlineData("<pre>```\nfenced\n```</pre>", "````\n```\nfenced\n```\n````")]
    [InlineData("<p>Above</p><hr><p>Below</p>", "Above\n\n---\n\nBelow")]
    // Links: http(s) and mailto keep their address; anything else keeps its text
    [InlineData("<a href=\"mailto:tips@example.org\">Write to us</a>", "[Write to us](mailto:tips@example.org)")]
    [InlineData("<a href=\"/2019/05/other-post/\">the other post</a>", "the other post")]
    [InlineData("<a href=\"#notes\">notes</a>", "notes")]
    [InlineData("<a href=\"https://example.org/a_(b)\">paren</a>", "[paren](https://example.org/a_\\(b\\))")]
    [InlineData("<a href=\"https://example.org/x\"><em>styled</em> link</a>", "[*styled* link](https://example.org/x)")]
    [InlineData("<a href=\"https://example.org/x\"></a>", "")]
    [InlineData("<a href=\"https://example.org/full\"><img src=\"https://example.org/thumb.jpg\"></a>", "[thumb.jpg](https://example.org/full)")]
    [InlineData("<p>At www.example.org/~user_name, or not.</p>", "At [www.example.org/\\~user\\_name](http://www.example.org/~user_name), or not.")]
    [InlineData("<p>See https://example.org/a_b. Or (https://example.org/c)</p>", "See [https://example.org/a\\_b](https://example.org/a_b). Or ([https://example.org/c](https://example.org/c))")]
    // Images are links to the image, never images
    [InlineData("<figure class=\"wp-block-image\"><img src=\"https://old.example/wp-content/uploads/map.png\" alt=\"Map of sites\"><figcaption>Where the cameras are</figcaption></figure>", "[Map of sites](https://old.example/wp-content/uploads/map.png)\n\nWhere the cameras are")]
    [InlineData("<img src=\"https://old.example/uploads/IMG_2034.jpg\">", "[IMG\\_2034.jpg](https://old.example/uploads/IMG_2034.jpg)")]
    [InlineData("<a href=\"https://example.org/full\"><img src=\"https://example.org/thumb.jpg\" alt=\"Chart\"></a>", "[Chart](https://example.org/full)")]
    // Text stays text
    [InlineData("<p>2 * 3 = 6, a_b_c, [sic], `tick`, ~~no~~, \\back</p>", "2 \\* 3 = 6, a\\_b\\_c, \\[sic\\], \\`tick\\`, \\~\\~no\\~\\~, \\\\back")]
    [InlineData("<p># not a heading</p>", "\\# not a heading")]
    [InlineData("<p>1. not a list</p><p>2019) neither</p><p>- nor</p><p>+ this</p><p>&gt; nor a quote</p>", "1\\. not a list\n\n2019\\) neither\n\n\\- nor\n\n\\+ this\n\n\\> nor a quote")]
    [InlineData("<p>Title<br>===</p>", "Title\\\n\\===")]
    [InlineData("<p>&lt;b&gt;not bold&lt;/b&gt; &amp;amp; &lt;https://x.example&gt;</p>", "\\<b>not bold\\</b> \\&amp; \\<[https://x.example](https://x.example/)>")]
    [InlineData("<p>AT&amp;T &amp; co</p>", "AT&T & co")]
    [InlineData("<p>![alt](https://tracker.example/pixel.gif)</p>", "!\\[alt\\](https://tracker.example/pixel.gif)")]
    [InlineData("<p>a&nbsp;&nbsp;b\tc</p>", "a b c")]
    // Tables have no Markdown: one paragraph a row
    [InlineData("<table><tr><th>Agency</th><th>Amount</th></tr><tr><td>ICE</td><td>$92m</td></tr></table>", "Agency | Amount\n\nICE | $92m")]
    public void Block_editor_html_becomes_markdown(string html, string markdown) => Assert.Equal(markdown, Convert(html, autoParagraphs: false).Markdown);

    [Theory]
    // wpautop: a classic post's or a comment's blank line is a paragraph, a single line break a line break
    [InlineData("First paragraph.\n\nSecond paragraph,\nwith a line break.", "First paragraph.\n\nSecond paragraph,\\\nwith a line break.")]
    [InlineData("Intro\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\nOutro", "Intro\n\n- one\n- two\n\nOutro")]
    [InlineData("<b>Agreed.</b> The <strong>field office</strong> did.", "**Agreed.** The **field office** did.")]
    [InlineData("Quote:\n<blockquote>They said\nthis.</blockquote>\n\n\n\nEnd", "Quote:\n\n> They said\\\n> this.\n\nEnd")]
    [InlineData("<em>one\n\ntwo</em>", "*one\\\ntwo*")]
    [InlineData("line\n# heading?\n1. list?", "line\\\n\\# heading?\\\n1\\. list?")]
    [InlineData("  \n\n  ", "")]
    public void Classic_and_comment_html_keeps_wordpress_paragraphs(string html, string markdown) => Assert.Equal(markdown, Convert(html, autoParagraphs: true).Markdown);

    [Theory]
    [InlineData("<p>Hi<script>alert(1)</script></p>", "Hi", "script")]
    [InlineData("<script src=\"https://evil.example/x.js\"></script>", "", "script")]
    [InlineData("<style>body{display:none}</style><p style=\"color:red\">Text</p>", "Text", "style")]
    [InlineData("<img src=x onerror=alert(1)>", "", "img (no http or https address)")]
    [InlineData("<img src=\"https://example.org/a.png\" alt=\"A\" onerror=\"alert(1)\">", "[A](https://example.org/a.png)", "")]
    [InlineData("<img src=\"data:image/png;base64,AAAA\" alt=\"inline\">", "", "img (no http or https address)")]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>", "click", "")]
    [InlineData("<a href=\" JaVaScRiPt:alert(1)\">click</a>", "click", "")]
    [InlineData("<a href=\"data:text/html,<script>alert(1)</script>\">x</a>", "x", "")]
    [InlineData("<a href=\"vbscript:msgbox\">x</a>", "x", "")]
    [InlineData("<a href=\"//evil.example/x\">x</a>", "x", "")]
    [InlineData("<a href=\"https://example.org/\" onclick=\"alert(1)\">ok</a>", "[ok](https://example.org/)", "")]
    [InlineData("<iframe src=\"https://www.youtube.com/embed/x\">fallback</iframe><p>After</p>", "After", "iframe")]
    [InlineData("<object data=\"x.swf\"><embed src=\"x.swf\"></object>", "", "object")]
    [InlineData("<embed src=\"https://evil.example/x.swf\">", "", "embed")]
    [InlineData("<form action=\"https://evil.example\"><input name=q><button>Go</button></form>", "", "form")]
    [InlineData("<svg><script>alert(1)</script></svg><math><mi>x</mi></math>", "", "math, svg")]
    [InlineData("<video src=\"https://cdn.example/v.mp4\">Your browser</video><audio src=\"a.mp3\"></audio>", "", "audio, video")]
    [InlineData("<p>Text<!-- a comment --><!--more--></p><!-- wp:paragraph --><!-- /wp:paragraph -->", "Text", "")]
    [InlineData("<pre><code>code<script>x()</script></code></pre>", "```\ncode\n```", "script")]
    [InlineData("<div onmouseover=\"alert(1)\">Hover</div>", "Hover", "")]
    [InlineData("<a href=\"https://example.org/\"><a href=\"javascript:alert(1)\">inner</a></a>", "inner", "")]
    [InlineData("<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">", "", "img (no http or https address)")]
    [InlineData("<p>Hello</p><noscript><img src=\"https://example.org/p.gif\"></noscript>", "Hello", "noscript")]
    public void What_the_hub_does_not_show_is_dropped_and_counted(string html, string markdown, string dropped)
    {
        var converted = Convert(html, autoParagraphs: false);

        Assert.Equal(markdown, converted.Markdown);
        Assert.Equal(dropped, string.Join(", ", converted.Dropped.Keys));
        Assert.DoesNotContain("javascript", converted.Markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("![", converted.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_html_gives_the_same_markdown()
    {
        const string Html = "<p>A <a href=\"https://example.org/\">link</a></p><ul><li>x</li></ul><script>1</script>";

        Assert.Equal(Convert(Html, autoParagraphs: false), Convert(Html, autoParagraphs: false), new SameConversion());
    }

    private sealed class SameConversion : IEqualityComparer<(string Markdown, SortedDictionary<string, int> Dropped)>
    {
        public bool Equals((string Markdown, SortedDictionary<string, int> Dropped) x, (string Markdown, SortedDictionary<string, int> Dropped) y)
            => x.Markdown == y.Markdown && x.Dropped.SequenceEqual(y.Dropped);

        public int GetHashCode((string Markdown, SortedDictionary<string, int> Dropped) obj) => obj.Markdown.GetHashCode(StringComparison.Ordinal);
    }
}
