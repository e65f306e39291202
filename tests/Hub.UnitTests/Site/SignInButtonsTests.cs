using System.Text.RegularExpressions;
using Hub.Core.Comments;
using Hub.Core.Entries;
using Hub.Core.Settings;
using Hub.Site.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.UnitTests.Site;

/// <summary>
/// The entry page's sign-in offer as <see cref="PageRenderer"/> writes it: a link per provider with
/// its mark drawn inline (no request for it) and its name, going to the API's start route only.
/// </summary>
public sealed partial class SignInButtonsTests
{
    private static readonly DateTimeOffset Created = new(2024, 5, 1, 8, 30, 0, TimeSpan.Zero);

    private static SignInProvider Provider(string id, string name, string issuer = "", string? kind = null)
        => new() { Id = id, Name = name, Issuer = issuer, Kind = kind, ClientId = "hub", ClientSecret = "secret" };

    private static Task<string> RenderAsync(params SignInProvider[] providers)
        => new PageRenderer(NullLoggerFactory.Instance).EntryAsync(
            new SiteContext(new HubSiteOptions { PublicUrl = "https://hub.example", ApiUrl = "https://api.hub.example" }, new HubSignInOptions { Providers = [.. providers] }),
            new EntryPageModel(
                new Entry("rekognition", "Rekognition", "Face recognition sold to police.", null, null, null, null, [], false, Created, Created),
                [],
                new DiscussionInfo(true, true, 5, 5000)));

    public static TheoryData<string, string, string?, string> Marks() => new()
    {
        { "wordpress-com kind", "", SignInKinds.WordPressCom, "wordpress" },
        { "github kind", "", SignInKinds.GitHub, "github" },
        { "facebook kind", "", SignInKinds.Facebook, "facebook" },
        { "x kind", "", SignInKinds.X, "x" },
        { "Google's issuer", "https://accounts.google.com", null, "google" },
        { "Google's issuer with a slash", "https://accounts.google.com/", null, "google" },
        { "Entra ID", "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0", null, ProviderMark.Neutral },
        { "the local stand-in", "http://127.0.0.1:7073", null, ProviderMark.Neutral },
        { "a look-alike of Google's host", "https://accounts.google.com.example", null, ProviderMark.Neutral },
    };

    [Theory]
    [MemberData(nameof(Marks))]
    public void A_provider_is_shown_with_the_mark_of_its_kind_or_its_issuer_else_a_neutral_one(string @case, string issuer, string? kind, string mark)
        => Assert.True(ProviderMark.NameFor(Provider("p", "P", issuer, kind)) == mark, @case);

    [Fact]
    public void Every_mark_a_provider_can_get_has_a_drawing()
    {
        foreach (var name in new[] { "wordpress", "github", "facebook", "x", "google", ProviderMark.Neutral })
        {
            Assert.NotEmpty(ProviderMark.Named(name).Paths);
        }
    }

    [Fact]
    public async Task Each_provider_is_a_link_with_its_mark_and_name_to_the_api_s_start_route_and_nothing_else()
    {
        var html = await RenderAsync(Provider("github", "GitHub", kind: SignInKinds.GitHub), Provider("google", "Google", "https://accounts.google.com"));

        var links = SignInLink().Matches(html);
        Assert.Equal(2, links.Count);
        Assert.Equal("https://api.hub.example/api/auth/github/start?returnTo=https%3A%2F%2Fhub.example%2Fentries%2Frekognition%2F", links[0].Groups["href"].Value);
        Assert.Equal("Sign in with GitHub", links[0].Groups["text"].Value);
        Assert.Equal("Sign in with Google", links[1].Groups["text"].Value);
        Assert.Contains($"<path d=\"{ProviderMark.Named("github").Paths[0]}\"", links[0].Value, StringComparison.Ordinal);
        Assert.Contains($"<path d=\"{ProviderMark.Named("google").Paths[0]}\"", links[1].Value, StringComparison.Ordinal);
        Assert.Contains("aria-hidden=\"true\"", links[0].Value, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", html, StringComparison.Ordinal);
        Assert.DoesNotContain("accounts.google.com", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_s_label_stays_text()
    {
        var html = await RenderAsync(Provider("evil", "<img src=x onerror=alert(1)>", "https://issuer.example"));

        Assert.Contains("Sign in with &lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\" data-provider=\"[^\"]+\"><svg [^>]*>.*?</svg>(?<text>[^<]+)</a>")]
    private static partial Regex SignInLink();
}
