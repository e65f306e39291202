using Hub.Core.Settings;

namespace Hub.LocalHost;

/// <summary>
/// The <c>Hub</c> section as the local host knows it: the function app's subsections
/// (<see cref="HubOptions"/>) and the local host's own settings, which sit directly under
/// <c>Hub:</c> (see the README, "Local host"). A key under <c>Hub:</c> that is neither stops start-up.
/// <see cref="LocalHostOptions"/> is what they come to once paths and defaults are worked out.
/// </summary>
public sealed class HubLocalHostOptions : HubOptions
{
    /// <summary><c>Hub:RepositoryRoot</c>: where host.json, static-web/ and samples/ are; default: found from the program's folder.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary><c>Hub:StaticWebRoot</c>: the site's files; default: static-web/ in the repository.</summary>
    public string? StaticWebRoot { get; set; }

    /// <summary><c>Hub:SampleContent</c>: entries to seed (a path); default: samples/resources.json; empty: none.</summary>
    public string? SampleContent { get; set; }

    /// <summary><c>Hub:SiteUrl</c>: where the reader site listens, an absolute http(s) URL; default: <see cref="LocalHostOptions.DefaultSiteUrl"/>.</summary>
    [HttpUrl(Section)]
    public string? SiteUrl { get; set; }

    /// <summary><c>Hub:SignInIssuerUrl</c>: where the stand-in OpenID Connect issuer listens, an absolute http(s) URL; default: <see cref="LocalHostOptions.DefaultSignInIssuerUrl"/>.</summary>
    [HttpUrl(Section)]
    public string? SignInIssuerUrl { get; set; }

    /// <summary><c>Hub:Moderator</c>: the moderator given a new secret on each start; default: <see cref="LocalHostOptions.DefaultModerator"/>; empty: none.</summary>
    public string? Moderator { get; set; }

    /// <summary><c>Hub:RunTimers</c>: false runs the timer functions only on cue (tests, the benchmark).</summary>
    public bool RunTimers { get; set; } = true;

    /// <summary><c>Hub:RunQueues</c>: false handles queue messages only on cue (tests, the benchmark).</summary>
    public bool RunQueues { get; set; } = true;
}
