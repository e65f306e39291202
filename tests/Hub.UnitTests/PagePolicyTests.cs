using System.Text.RegularExpressions;
using Hub.LocalHost.Content;

namespace Hub.UnitTests;

/// <summary>
/// Every page carries the site's Content-Security-Policy in a meta tag, because the storage
/// static website cannot send headers. (publish-site.sh adds the API's origin to connect-src.)
/// </summary>
public sealed partial class PagePolicyTests
{
    private const string SitePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

    public static TheoryData<string> Pages()
        => new(Directory.GetFiles(Path.Combine(RepositoryLayout.FindRoot(), "static-web"), "*.html", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryLayout.FindRoot(), path)));

    [Theory]
    [MemberData(nameof(Pages))]
    public void The_page_carries_the_sites_policy_and_no_inline_script_or_style(string page)
    {
        var html = File.ReadAllText(Path.Combine(RepositoryLayout.FindRoot(), page));

        var policy = MetaPolicy().Match(html);
        Assert.True(policy.Success, $"{page} has no Content-Security-Policy meta tag");
        Assert.Equal(SitePolicy, policy.Groups[1].Value);
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)", html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("\\sstyle=\"", html);
        Assert.DoesNotMatch("\\son[a-z]+=\"", html);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
    }

    [GeneratedRegex("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">")]
    private static partial Regex MetaPolicy();
}
