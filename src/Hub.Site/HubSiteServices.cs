using Hub.Core.Publishing;
using Hub.Core.Settings;
using Hub.Core.Storage;
using Hub.Site.Publishing;
using Hub.Site.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hub.Site;

public static class HubSiteServices
{
    /// <summary>
    /// The reader pages rendered on write into <c>$web</c>: the function app, the local host and
    /// <c>hub publish</c> all use this. Replaces Core's no-op page updates with the publisher.
    /// </summary>
    public static IServiceCollection AddHubSite(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ => StorageClientFactory.CreateBlobServiceClient(configuration));
        services.TryAddSingleton(provider => new SiteContext(provider.GetRequiredService<IOptions<HubSiteOptions>>().Value, provider.GetRequiredService<IOptions<HubSignInOptions>>().Value));
        services.TryAddSingleton<WebContainer>();
        services.TryAddSingleton<PageRenderer>();
        services.TryAddSingleton<PageClaims>();
        services.TryAddSingleton<EntryPages>();
        services.TryAddSingleton<MonthMaps>();
        services.TryAddSingleton<ListPages>();
        services.TryAddSingleton<SiteFiles>();
        services.TryAddSingleton<UnitRenders>();
        services.TryAddSingleton<RenderVersion>();
        services.TryAddSingleton<SiteRepublish>();
        services.TryAddSingleton<SitePublisher>();
        services.Replace(ServiceDescriptor.Singleton<IPageUpdates>(provider => provider.GetRequiredService<SitePublisher>()));
        return services;
    }
}
