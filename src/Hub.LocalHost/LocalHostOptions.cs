namespace Hub.LocalHost;

/// <summary>Where the local host finds what it serves; read from the Hub section of configuration.</summary>
public sealed record LocalHostOptions(string RepositoryRoot, string StaticWebRoot, string? SampleContentPath, string HostJsonPath)
{
    public static LocalHostOptions From(IConfiguration configuration, string repositoryRoot)
    {
        var sample = configuration["Hub:SampleContent"];
        return new LocalHostOptions(
            repositoryRoot,
            configuration["Hub:StaticWebRoot"] is { Length: > 0 } web ? Path.GetFullPath(web) : Path.Combine(repositoryRoot, "static-web"),
            sample is null ? Path.Combine(repositoryRoot, "samples", "resources.json") : sample.Length == 0 ? null : Path.GetFullPath(sample),
            Path.Combine(repositoryRoot, "host.json"));
    }
}
