using Hub.LocalHost.Content;

namespace Hub.LocalHost;

/// <summary>What the local host serves and where: its settings (<see cref="HubLocalHostOptions"/>) with paths and defaults worked out.</summary>
public sealed record LocalHostOptions(
    string RepositoryRoot,
    string StaticWebRoot,
    string? SampleContentPath,
    string HostJsonPath,
    string SiteUrl,
    string SignInIssuerUrl,
    string? Moderator,
    bool RunTimers = true,
    bool RunQueues = true)
{
    public const string DefaultSiteUrl = "http://127.0.0.1:7072";
    public const string DefaultSignInIssuerUrl = "http://127.0.0.1:7073";
    public const string DefaultModerator = "local";

    public static LocalHostOptions From(HubLocalHostOptions settings)
    {
        var repositoryRoot = settings.RepositoryRoot ?? RepositoryLayout.FindRoot();
        var sample = settings.SampleContent;
        var moderator = settings.Moderator;
        return new LocalHostOptions(
            repositoryRoot,
            settings.StaticWebRoot is { Length: > 0 } web ? Path.GetFullPath(web) : Path.Combine(repositoryRoot, "static-web"),
            sample is null ? Path.Combine(repositoryRoot, "samples", "resources.json") : sample.Length == 0 ? null : Path.GetFullPath(sample),
            Path.Combine(repositoryRoot, "host.json"),
            settings.SiteUrl is { Length: > 0 } site ? site : DefaultSiteUrl,
            settings.SignInIssuerUrl is { Length: > 0 } issuer ? issuer : DefaultSignInIssuerUrl,
            moderator is null ? DefaultModerator : moderator.Length == 0 ? null : moderator,
            // Tests and the benchmark run the timer functions on cue rather than by the clock,
            settings.RunTimers,
            // and the queue functions on cue rather than by polling.
            settings.RunQueues);
    }
}
