using Hub.Core.Settings;

namespace Hub.Site.Rendering;

/// <summary>
/// Where the site and the API live, which every page needs: canonical and link-preview URLs name
/// the site's public address, and the comment form and the policy name the API's origin. From
/// <see cref="HubSiteOptions"/> (<c>Hub:Site:PublicUrl</c> and <c>Hub:Site:ApiUrl</c>; the Bicep
/// sets both); the local host sets them once its ports are known.
/// </summary>
public sealed class SiteContext
{
    public const string SitePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

    public SiteContext(HubSiteOptions options)
        : this(options.PublicUrl, options.ApiUrl)
    {
    }

    public SiteContext(string publicUrl, string apiUrl) => Configure(publicUrl, apiUrl);

    /// <summary>The site's public origin, without a trailing slash ("" when not configured: links stay relative).</summary>
    public string PublicUrl { get; private set; } = "";

    /// <summary>The API's origin, without a trailing slash ("" for the site's own origin).</summary>
    public string ApiUrl { get; private set; } = "";

    /// <summary>The policy every page carries: the site's own, with the API's origin admitted for fetch and the comment form.</summary>
    public string ContentSecurityPolicy => ApiUrl.Length == 0
        ? SitePolicy
        : SitePolicy.Replace("connect-src 'self'", $"connect-src 'self' {ApiUrl}", StringComparison.Ordinal)
            .Replace("form-action 'self'", $"form-action 'self' {ApiUrl}", StringComparison.Ordinal);

    public void Configure(string publicUrl, string apiUrl)
    {
        PublicUrl = publicUrl.TrimEnd('/');
        ApiUrl = apiUrl.TrimEnd('/');
    }

    /// <summary>An absolute URL on the site (relative when no public URL is configured).</summary>
    public string Absolute(string path) => PublicUrl + path;

    private IReadOnlyDictionary<string, string> _assets = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// An asset's path as pages reference it: its fingerprinted copy (cached for a year, as its
    /// name changes with its bytes) when the manifest names one, else the plain path.
    /// </summary>
    public string Asset(string path) => "/" + (_assets.TryGetValue(path, out var fingerprinted) ? fingerprinted : path);

    /// <summary>The fingerprinted name of each asset (from assets/manifest.json in $web).</summary>
    public void UseAssets(IReadOnlyDictionary<string, string> assets) => _assets = assets;

    public static string EntryPath(string entryId) => $"/entries/{entryId}/";

    public static string CategoryPath(string category) => $"/categories/{category}/";

    public static string TagPath(string tag) => $"/tags/{tag}/";
}
