namespace Hub.LocalHost;

/// <summary>What the local host serves and where; read once from the Hub section of configuration.</summary>
public sealed record LocalHostOptions(
    string RepositoryRoot,
    string StaticWebRoot,
    string? SampleContentPath,
    string HostJsonPath,
    string SiteUrl,
    string? Moderator,
    bool RunTimers = true,
    bool RunQueues = true)
{
    public const string DefaultSiteUrl = "http://127.0.0.1:7072";
    public const string DefaultModerator = "local";

    public static LocalHostOptions From(IConfiguration configuration, string repositoryRoot)
    {
        var hub = configuration.GetSection("Hub");
        var sample = hub["SampleContent"];
        var moderator = hub["Moderator"];
        return new LocalHostOptions(
            repositoryRoot,
            hub["StaticWebRoot"] is { Length: > 0 } web ? Path.GetFullPath(web) : Path.Combine(repositoryRoot, "static-web"),
            sample is null ? Path.Combine(repositoryRoot, "samples", "resources.json") : sample.Length == 0 ? null : Path.GetFullPath(sample),
            Path.Combine(repositoryRoot, "host.json"),
            hub["SiteUrl"] is { Length: > 0 } site ? site : DefaultSiteUrl,
            moderator is null ? DefaultModerator : moderator.Length == 0 ? null : moderator,
            // Tests and the benchmark run the timer functions on cue rather than by the clock,
            !string.Equals(hub["RunTimers"], "false", StringComparison.OrdinalIgnoreCase),
            // and the queue functions on cue rather than by polling.
            !string.Equals(hub["RunQueues"], "false", StringComparison.OrdinalIgnoreCase));
    }
}
