using Hub.Core;
using Hub.Core.Settings;
using Hub.Site;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hub.Cli;

/// <summary>
/// The tool's one composition root: Program builds it once per run, from the settings the run was
/// given, and hands it to whichever command runs. Storage and the domain, and the reader pages'
/// publisher (for <c>hub publish</c>; no other command renders a page, as the follow-ups that do are
/// the function app's). Its settings are checked as it is built, as a host checks them when it
/// starts: a wrong or unknown <c>Hub:</c> setting stops the run, naming it.
/// </summary>
public static class CliServices
{
    public static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddHubSection<HubOptions>()
            .AddHubCore(configuration)
            .AddHubSite(configuration)
            .BuildServiceProvider();
        try
        {
            HubSettings.Validate(services);
            return services;
        }
        catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException or AggregateException)
        {
            services.Dispose();
            throw new CliSettingsException(exception.Message, exception);
        }
    }
}

/// <summary>A <c>Hub:</c> setting the tool was given is wrong or unknown; the message names it.</summary>
public sealed class CliSettingsException(string message, Exception inner) : Exception(message, inner);
