using Hub.Site.Rendering;
using Hub.Testing;

namespace Hub.UnitTests.Markdown;

/// <summary>
/// The OWASP XSS filter-evasion cheat sheet's vectors (and the ones Markdown adds), written as
/// Markdown and as raw HTML, through both pipelines. Each row's output is parsed as a browser
/// would parse it, and may hold only the elements and attributes the pipeline makes: no script,
/// handler, frame, style, image or non-http(s)/mailto address survives, as markup or as a link.
/// </summary>
public sealed class HostileMarkdownTests
{
    public static TheoryData<string, string> Vectors() => new()
    {
        { "script element", "<script>alert(1)</script>" },
        { "script split around itself", "<<script>script>alert(1)<</script>/script>" },
        { "image with onerror", "<img src=x onerror=alert(1)>" },
        { "image with entity-encoded javascript: src", "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>" },
        { "svg onload", "<svg/onload=alert(1)>" },
        { "body onload", "<body onload=alert(1)>" },
        { "iframe", "<iframe src=\"https://evil.example/\"></iframe>" },
        { "javascript: iframe", "<iframe src=\"javascript:alert(1)\">" },
        { "object", "<object data=\"javascript:alert(1)\"></object>" },
        { "embed", "<embed src=\"https://evil.example/x.swf\">" },
        { "style element", "<style>body{display:none}</style>" },
        { "style attribute", "<div style=\"background:url(javascript:alert(1))\">x</div>" },
        { "link to a stylesheet", "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">" },
        { "meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">" },
        { "base href", "<base href=\"javascript:alert(1)//\">" },
        { "form with javascript: action", "<form action=\"javascript:alert(1)\"><button>x</button></form>" },
        { "HTML anchor with javascript:", "<a href=\"javascript:alert(1)\">x</a>" },
        { "HTML anchor with a handler", "<a href=\"https://example.org\" onclick=\"alert(1)\">x</a>" },
        { "HTML comment", "<!-- <script>alert(1)</script> -->" },
        { "HTML block then Markdown", "<div>\n\n*x*\n\n</div>" },
        { "javascript: link", "[x](javascript:alert(1))" },
        { "mixed-case javascript: link", "[x](JaVaScRiPt:alert(1))" },
        { "entity-encoded colon", "[x](javascript&#58;alert(1))" },
        { "tab inside the scheme", "[x](jav&#x09;ascript:alert(1))" },
        { "leading space before the scheme", "[x](< javascript:alert(1)>)" },
        { "data: link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)" },
        { "vbscript: link", "[x](vbscript:msgbox(1))" },
        { "file: link", "[x](file:///etc/passwd)" },
        { "protocol-relative link", "[x](//evil.example/)" },
        { "relative link", "[x](/manage/)" },
        { "javascript: autolink", "<javascript:alert(1)>" },
        { "javascript: reference link", "[x][r]\n\n[r]: javascript:alert(1)" },
        { "title breaking out of the attribute", "[x](https://example.org \"t\\\" onmouseover=\\\"alert(1)\")" },
        { "quote inside the address", "[x](<https://example.org/\"onmouseover=\"alert(1)>)" },
        { "quote inside an autolink", "<https://example.org/\"onmouseover=\"alert(1)>" },
        { "HTML inside link text", "[<img src=x onerror=alert(1)>](https://example.org)" },
        { "remote image", "![pixel](https://evil.example/pixel.png)" },
        { "remote image by reference", "![pixel][r]\n\n[r]: https://evil.example/pixel.png" },
        { "javascript: image", "![x](javascript:alert(1))" },
        { "image inside a link", "[![x](https://evil.example/a.png)](https://example.org)" },
        { "code fence info string breaking out", "```\"><script>alert(1)</script>\ncode\n```" },
        { "script in a code span", "`<script>alert(1)</script>`" },
        { "escaped entities", "&lt;script&gt;alert(1)&lt;/script&gt;" },
        { "NUL in the text", "a\0<script>b" },
        { "quotes nested past the renderer's depth", new string('>', 5000) + "<script>alert(1)</script>" },
        { "links nested past the renderer's depth", string.Concat(Enumerable.Repeat("[a](", 3000)) + "javascript:alert(1)" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void An_entry_body_keeps_nothing_hostile(string vector, string markdown) => AssertSafe(vector, MarkdownText.Entry(markdown));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void A_comment_keeps_nothing_hostile(string vector, string markdown) => AssertSafe(vector, MarkdownText.Comment(markdown));

    private static void AssertSafe(string vector, string html) => SafeMarkup.AssertOnlySafe(SafeMarkup.Parse(html), vector);
}
