namespace Hub.Core.Settings;

/// <summary>
/// <c>Hub:Site</c>: where the reader site and the API live (the Bicep sets both). Pages name the
/// site's address in canonical and link-preview URLs and notices link to its console; the comment
/// form and the pages' policy name the API's origin. Empty: links stay relative, the API is the
/// site's own origin.
/// </summary>
public sealed class HubSiteOptions
{
    public const string Section = "Hub:Site";

    /// <summary><c>Hub:Site:PublicUrl</c>: the site's public address, an absolute http(s) URL.</summary>
    [HttpUrl(Section)]
    public string PublicUrl { get; set; } = "";

    /// <summary><c>Hub:Site:ApiUrl</c>: the API's origin, an absolute http(s) URL.</summary>
    [HttpUrl(Section)]
    public string ApiUrl { get; set; } = "";
}
