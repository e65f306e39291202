using Hub.Core.Comments;
using Hub.Core.Entries;
using Hub.Site.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.UnitTests.Site;

/// <summary>An entry page's comments as <see cref="PageRenderer"/> writes them: a signed-in commenter's comment says with what.</summary>
public sealed class EntryPageTests
{
    private static readonly SiteContext Site = new("https://hub.example/", "https://api.hub.example");
    private static readonly DateTimeOffset Created = new(2024, 5, 1, 8, 30, 0, TimeSpan.Zero);

    private static Task<string> RenderAsync(params PublicComment[] comments)
        => new PageRenderer(NullLoggerFactory.Instance).EntryAsync(Site, new EntryPageModel(
            new Entry("rekognition", "Rekognition", "Face recognition sold to police.", null, null, null, null, [], false, Created, Created),
            comments,
            new DiscussionInfo(true, true, 5, 5000)));

    [Fact]
    public async Task A_signed_in_comment_names_its_provider_beside_the_author_as_text()
    {
        var html = await RenderAsync(
            new PublicComment("c1", null, "Ada", null, "Signed in.", Created, SignedInWith: "Google"),
            new PublicComment("c2", null, "Bo", null, "Anonymous.", Created, SignedInWith: "<b>Evil</b> ID"));

        Assert.Contains("<span class=\"author\">Ada</span> <span class=\"signed-in\">signed in with Google</span> · ", html, StringComparison.Ordinal);
        Assert.Contains("signed in with &lt;b&gt;Evil&lt;/b&gt; ID", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_comment_has_no_note_and_without_providers_the_form_offers_no_sign_in()
    {
        var html = await RenderAsync(new PublicComment("c1", null, "Ada", null, "Anonymous.", Created));

        Assert.DoesNotContain("class=\"signed-in\"", html, StringComparison.Ordinal);
        Assert.Contains("<div id=\"sign-in\"></div>", html, StringComparison.Ordinal);
    }
}
