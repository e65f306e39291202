using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Hub.Core.Settings;
using Hub.Site.Rendering;

namespace Hub.Site.Publishing;

/// <summary>
/// A stable hash of everything the site's pages are rendered from other than the data: when it
/// changes, every page may read differently, and the site is published again once
/// (<see cref="SiteRepublish"/>). What goes in:
/// <list type="bullet">
/// <item>the code that renders: the module version ids of Hub.Site (its Razor templates are
/// compiled into it) and Hub.Core (the models and rules pages show), and the names and versions of
/// the assemblies Hub.Site references (Markdig, ASP.NET Core's renderer). Builds are deterministic,
/// so the same sources give the same ids, and any change to a template gives new ones;</item>
/// <item>the site's settings: its public address and the API's (canonical links, the pages'
/// policy, the sign-in links, config.json);</item>
/// <item>the sign-in buttons entry pages carry: each provider's id, label and mark (chosen by its
/// kind or issuer; the marks' drawings are compiled into Hub.Site, so they count as code);</item>
/// <item>the hash of the asset manifest the pages reference, as the last publish of the site's
/// folder recorded it (the function app has no folder of its own; reading the manifest here would
/// make the check two requests).</item>
/// </list>
/// Computed when asked, since the local host sets the addresses only once its ports are known.
/// </summary>
public sealed class RenderVersion(SiteContext site)
{
    private static readonly string Code = CodeIdentity();

    /// <summary>The render version with the asset manifest whose hash is <paramref name="assets"/> (null: none published).</summary>
    public string Of(string? assets)
    {
        var text = new StringBuilder()
            .Append("code ").AppendLine(Code)
            .Append("site ").AppendLine(site.PublicUrl)
            .Append("api ").AppendLine(site.ApiUrl)
            .Append("assets ").AppendLine(assets ?? "");
        foreach (var button in site.SignIn)
        {
            text.Append("sign-in ").Append(button.Id).Append(' ').Append(button.Mark.Name).Append(' ').AppendLine(button.Name);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    private static string CodeIdentity()
    {
        var site = typeof(RenderVersion).Assembly;
        var parts = new List<string>
        {
            site.ManifestModule.ModuleVersionId.ToString("N"),
            typeof(HubSiteOptions).Assembly.ManifestModule.ModuleVersionId.ToString("N"),
        };
        parts.AddRange(site.GetReferencedAssemblies().Select(reference => reference.FullName).Order(StringComparer.Ordinal));
        return string.Join(';', parts);
    }
}
