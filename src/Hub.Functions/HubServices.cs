using Hub.Core;
using Hub.Functions.Auth;
using Hub.Functions.Http;
using Hub.Functions.Search;
using Hub.Site;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Functions;

public static class HubServices
{
    /// <summary>Everything the functions need; the Azure worker and the local host both call this, so both answer alike.</summary>
    public static IServiceCollection AddHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHubCore(configuration);
        services.AddHubSite(configuration);
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<ModeratorSignIn>();
        services.AddSingleton<ReaderResponses>();
        services.AddSingleton<SearchResultsSource>();
        services.AddSingleton<SearchPages>();
        services.AddSingleton<SignInKeys>();
        services.AddSingleton<CommenterTokens>();
        services.AddSingleton<CommenterSignIn>();
        services.AddSingleton<OpenIdProviders>();
        // The kinds' production endpoints, unless the local host registered its loopback stand-ins first.
        services.TryAddSingleton(OAuthEndpoints.Production);
        services.AddSingleton<OAuthProviders>();
        services.AddSingleton<SignInProviders>();
        return services;
    }
}
