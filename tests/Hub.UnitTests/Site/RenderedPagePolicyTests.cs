using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Hub.Core.Comments;
using Hub.Core.Entries;
using Hub.Core.Settings;
using Hub.LocalHost.Content;
using Hub.Site.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.UnitTests.Site;

/// <summary>
/// A rendered page carries the reader stylesheet inline, so its first paint needs no other request,
/// and its policy admits exactly that style by its hash: no stylesheet, no other inline style or
/// script, no 'unsafe-inline'.
/// </summary>
public sealed partial class RenderedPagePolicyTests
{
    private static readonly DateTimeOffset Created = new(2024, 5, 1, 8, 30, 0, TimeSpan.Zero);

    private static readonly SiteContext Site = new(new HubSiteOptions { PublicUrl = "https://hub.example", ApiUrl = "https://api.hub.example" }, new HubSignInOptions
    {
        Providers = [new SignInProvider { Id = "github", Name = "GitHub", Kind = SignInKinds.GitHub, ClientId = "hub", ClientSecret = "secret" }],
    });

    public static TheoryData<string> Pages() => ["entry", "not-found"];

    private static Task<string> RenderAsync(string page)
    {
        var renderer = new PageRenderer(NullLoggerFactory.Instance);
        return page == "entry"
            ? renderer.EntryAsync(Site, new EntryPageModel(
                new Entry("rekognition", "Rekognition", "Face recognition sold to police.", null, null, null, null, [], false, Created, Created),
                [],
                new DiscussionInfo(true, true, 5, 5000)))
            : renderer.NotFoundAsync(Site);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_s_one_style_is_inline_and_its_policy_admits_it_by_hash_alone(string page)
    {
        var html = await RenderAsync(page);

        var style = Assert.Single(StyleElement().Matches(html)).Groups[1].Value;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));
        var policy = WebUtility.HtmlDecode(MetaPolicy().Match(html).Groups[1].Value);
        Assert.Contains($"style-src 'sha256-{hash}';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryLayout.FindRoot(), "static-web", "assets", "site.css")), style);

        Assert.DoesNotContain("rel=\"stylesheet\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("<script(?![^>]*\\b(src=|type=\"application/ld(\\+|&#x2B;)json\"))", html);
        Assert.DoesNotMatch("\\sstyle=\"", html);
        Assert.DoesNotMatch("\\son[a-z]+=\"", html);
        Assert.DoesNotContain("@import", style, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", style, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_names_the_api_for_its_script_so_it_reads_no_config_json()
        => Assert.Contains("data-api=\"https://api.hub.example\"", await RenderAsync("entry"), StringComparison.Ordinal);

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();

    [GeneratedRegex("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\"")]
    private static partial Regex MetaPolicy();
}
