using Hub.Site.Publishing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Cli;

/// <summary>
/// <c>hub publish</c>: the whole reader site into <c>$web</c>, idempotently: the site's files,
/// config.json, and every page rendered from the tables (pages of deleted entries removed,
/// unchanged files left alone). What repairs a page a crash left stale.
/// </summary>
public static class PublishCommand
{
    /// <summary>The site's and the API's addresses come with the services' settings (<c>Hub:Site</c>, which <c>--public-url</c> and <c>--api-url</c> set).</summary>
    public static async Task<int> RunAsync(DirectoryInfo? siteRoot, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (siteRoot is { Exists: false })
        {
            await error.WriteLineAsync($"{siteRoot.FullName}: no such folder.");
            return 2;
        }

        var written = await services.GetRequiredService<SitePublisher>().PublishAllAsync(siteRoot?.FullName, cancellationToken);
        await output.WriteLineAsync($"Published the site: {written} files written (unchanged files were left alone).");
        return 0;
    }
}
