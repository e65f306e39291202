using Hub.Core.Settings;

namespace Hub.Site.Rendering;

/// <summary>
/// Where the site and the API live, which every page needs: canonical and link-preview URLs name
/// the site's public address, and the comment form and the policy name the API's origin. From
/// <see cref="HubSiteOptions"/> (<c>Hub:Site:PublicUrl</c> and <c>Hub:Site:ApiUrl</c>; the Bicep
/// sets both); the local host sets them once its ports are known. Also the sign-in buttons entry
/// pages carry, from <see cref="HubSignInOptions"/>: a change of providers is a deploy, and so a
/// new render version.
/// </summary>
public sealed class SiteContext
{
    public const string SitePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

    public SiteContext(HubSiteOptions options, HubSignInOptions signIn)
        : this(options.PublicUrl, options.ApiUrl, SignInButton.For(signIn))
    {
    }

    public SiteContext(string publicUrl, string apiUrl, IReadOnlyList<SignInButton>? signIn = null)
    {
        Configure(publicUrl, apiUrl);
        SignIn = signIn ?? [];
    }

    /// <summary>The site's public origin, without a trailing slash ("" when not configured: links stay relative).</summary>
    public string PublicUrl { get; private set; } = "";

    /// <summary>The API's origin, without a trailing slash ("" for the site's own origin).</summary>
    public string ApiUrl { get; private set; } = "";

    /// <summary>The sign-in providers' buttons, in the order they are shown (none: the form is anonymous only).</summary>
    public IReadOnlyList<SignInButton> SignIn { get; private init; } = [];

    /// <summary>Where the search form sends a reader without JavaScript: the results page the function app renders.</summary>
    public const string SearchPath = "/api/search";

    /// <summary>
    /// True for a page the function app answers on the API's origin (the search results), not one
    /// in <c>$web</c>: there "/" is the API's, so its links and assets name the site's origin, and
    /// its policy admits that origin where the site's pages say <c>'self'</c>.
    /// </summary>
    public bool OnApiOrigin { get; private init; }

    /// <summary>
    /// The policy of the site's own files (the console): the site's, with the API's origin admitted
    /// for fetch and the comment form. On the API's origin: images from the site's origin, no
    /// script and no fetch at all (the page needs none), forms only to the API itself.
    /// </summary>
    public string ContentSecurityPolicy => OnApiOrigin
        ? $"default-src 'none'; style-src {SiteSource}; img-src {SiteSource} data:; form-action 'self'; base-uri 'none'"
        : ApiUrl.Length == 0
            ? SitePolicy
            : SitePolicy.Replace("connect-src 'self'", $"connect-src 'self' {ApiUrl}", StringComparison.Ordinal)
                .Replace("form-action 'self'", $"form-action 'self' {ApiUrl}", StringComparison.Ordinal);

    /// <summary>The address the search form submits to (the API's origin, or this one when the API shares it).</summary>
    public string SearchAddress => ApiUrl + SearchPath;

    private string SiteSource => PublicUrl.Length == 0 ? "'self'" : PublicUrl;

    /// <summary>
    /// The same site, for a page rendered on the API's origin (<see cref="OnApiOrigin"/>): made per
    /// render, so it has the addresses and asset names known now.
    /// </summary>
    public SiteContext ForApiOrigin() => new(PublicUrl, ApiUrl, SignIn) { OnApiOrigin = true, _assets = _assets };

    /// <summary>A link to a page of the site: as it is on the site's own pages, with the site's origin on the API's.</summary>
    public string Link(string path) => OnApiOrigin ? PublicUrl + path : path;

    /// <summary>
    /// The policy of rendered pages: the same, except that their only style is the one inline
    /// (<see cref="PageStyle"/>), admitted by its hash; no stylesheet, and no other inline style.
    /// </summary>
    public string PagePolicy => OnApiOrigin
        ? ContentSecurityPolicy.Replace($"style-src {SiteSource}", $"style-src {PageStyle.Source}", StringComparison.Ordinal)
        : ContentSecurityPolicy.Replace("style-src 'self'", $"style-src {PageStyle.Source}", StringComparison.Ordinal);

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
    public string Asset(string path) => Link("/" + (_assets.TryGetValue(path, out var fingerprinted) ? fingerprinted : path));

    /// <summary>The fingerprinted name of each asset (from assets/manifest.json in $web).</summary>
    public void UseAssets(IReadOnlyDictionary<string, string> assets) => _assets = assets;

    public static string EntryPath(string entryId) => $"/entries/{entryId}/";

    public static string CategoryPath(string category) => $"/categories/{category}/";

    public static string TagPath(string tag) => $"/tags/{tag}/";
}
