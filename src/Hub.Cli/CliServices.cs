using Hub.Core;
using Hub.Site;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Cli;

/// <summary>
/// The tool's one composition root: Program builds it once per run, from the settings the run was
/// given, and hands it to whichever command runs. Storage and the domain, and the reader pages'
/// publisher (for <c>hub publish</c>; no other command renders a page, as the follow-ups that do are
/// the function app's).
/// </summary>
public static class CliServices
{
    public static ServiceProvider Build(IConfiguration configuration)
        => new ServiceCollection()
            .AddLogging()
            .AddHubCore(configuration)
            .AddHubSite(configuration)
            .BuildServiceProvider();
}
