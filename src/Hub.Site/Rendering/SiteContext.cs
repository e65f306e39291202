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
    public IReadOnlyList<SignInButton> SignIn { get; }

    /// <summary>The policy of the site's own files (the console): the site's, with the API's origin admitted for fetch and the comment form.</summary>
    public string ContentSecurityPolicy => ApiUrl.Length == 0
        ? SitePolicy
        : SitePolicy.Replace("connect-src 'self'", $"connect-src 'self' {ApiUrl}", StringComparison.Ordinal)
            .Replace("form-action 'self'", $"form-action 'self' {ApiUrl}", StringComparison.Ordinal);

    /// <summary>
    /// The policy of rendered pages: the same, except that their only style is the one inline
    /// (<see cref="PageStyle"/>), admitted by its hash; no stylesheet, and no other inline style.
    /// </summary>
    public string PagePolicy => ContentSecurityPolicy.Replace("style-src 'self'", $"style-src {PageStyle.Source}", StringComparison.Ordinal);

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
