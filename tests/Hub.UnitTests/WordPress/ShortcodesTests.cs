using Hub.Cli.WordPress;

namespace Hub.UnitTests.WordPress;

/// <summary>Shortcodes in a post, as the hub can show them: captions keep their text, embeds become links, the rest is dropped and counted.</summary>
public sealed class ShortcodesTests
{
    [Theory]
    [InlineData("Before [gallery ids=\"1,2\"] after", "Before  after", "shortcode [gallery]")]
    [InlineData("[gallery]", "", "shortcode [gallery]")]
    [InlineData("[caption id=\"attachment_7\" align=\"alignnone\" width=\"300\"]<img src=\"https://example.org/a.jpg\" alt=\"A\"> The caption[/caption]", "<img src=\"https://example.org/a.jpg\" alt=\"A\"> The caption", "")]
    [InlineData("[embed]https://www.youtube.com/watch?v=abc&t=1[/embed]", "<a href=\"https://www.youtube.com/watch?v=abc&amp;t=1\">https://www.youtube.com/watch?v=abc&amp;t=1</a>", "")]
    [InlineData("[embed]javascript:alert(1)[/embed]", "", "shortcode [embed]")]
    [InlineData("[video src=\"https://cdn.example/v.mp4\"]fallback[/video] text", " text", "shortcode [video]")]
    [InlineData("[contact-form-7 id=\"12\" title=\"Contact\"]", "", "shortcode [contact-form-7]")]
    [InlineData("[button url=\"https://x.example\"]Donate[/button]", "Donate", "shortcode [button]")]
    [InlineData("[divider /]", "", "shortcode [divider]")]
    [InlineData("[[gallery]] is how you write it", "[gallery] is how you write it", "")]
    [InlineData("As they said [sic], see [1] and [citation needed].", "As they said [sic], see [1] and [citation needed].", "")]
    [InlineData("a [/b] c", "a [/b] c", "")]
    public void Shortcodes_are_resolved(string content, string expanded, string dropped)
    {
        var kinds = new List<string>();

        Assert.Equal(expanded, Shortcodes.Expand(content, kinds.Add));
        Assert.Equal(dropped, string.Join(", ", kinds));
    }
}
