using Hub.Site.Rendering;

namespace Hub.UnitTests.Site;

/// <summary>
/// A search's snippet (escaped text with &lt;mark&gt; around the matches) read into text and marked
/// text: only the marks are kept as markup, everything else becomes the text it stands for.
/// </summary>
public sealed class MarkedSnippetTests
{
    public static TheoryData<string?, string[]> Snippets => new()
    {
        // snippet as the search gives it → its parts, marked ones in [brackets]
        { null, [] },
        { "", [] },
        { "plain words", ["plain words"] },
        { "sold to <mark>ICE</mark> in 2018", ["sold to ", "[ICE]", " in 2018"] },
        { "<mark>amazon</mark> and <mark>ice</mark>", ["[amazon]", " and ", "[ice]"] },
        { "<MARK>Case</MARK> of the tag", ["[Case]", " of the tag"] },
        { "AT&amp;T &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot;", ["AT&T <b>bold</b> \"quoted\""] },
        { "<script>alert(1)</script> <mark>x</mark>", ["<script>alert(1)</script> ", "[x]"] },
        { "<mark>never closed", ["[never closed]"] },
        { "stray </mark> close", ["stray </mark> close"] },
        { "<mark></mark>empty mark", ["empty mark"] },
        { "<mark>one</mark><mark>two</mark>", ["[onetwo]"] },
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public void A_snippet_keeps_its_marks_and_nothing_else_as_markup(string? html, string[] parts)
        => Assert.Equal(parts, MarkedSnippet.FromHtml(html)?.Parts.Select(part => part.Marked ? $"[{part.Text}]" : part.Text) ?? []);
}
