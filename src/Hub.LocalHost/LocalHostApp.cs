using Hub.Core.Settings;
using Hub.Core.Storage;
using Hub.Functions;
using Hub.Functions.Auth;
using Hub.LocalHost.Content;
using Hub.LocalHost.Emulator;
using Hub.LocalHost.Functions;
using Hub.LocalHost.Functions.Queues;
using Hub.LocalHost.Platform;
using Hub.LocalHost.SignIn;
using Hub.LocalHost.Site;
using Hub.Site.Publishing;
using Hub.Site.Rendering;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.LocalHost;

/// <summary>
/// A development and test stand-in for Azure: the function app's functions behind what the
/// Functions host does (routes and keys from the attributes, host.json's prefix and headers,
/// the platform's CORS, its forwarding), and the reader site on an origin of its own, as the
/// storage static website serves it. Storage comes from AzureWebJobsStorage, with Azurite started
/// when that is the emulator and nothing answers. Azure runs the function app itself, never this.
/// </summary>
public sealed class LocalHostApp : IAsyncDisposable
{
    public const string DefaultApiUrl = "http://127.0.0.1:7071";
    public const string EmulatorConnectionString = "UseDevelopmentStorage=true";

    private readonly StandInIssuer _issuer;
    private readonly AzuriteProcess? _emulator;

    private LocalHostApp(WebApplication api, WebApplication site, StandInIssuer issuer, AzuriteProcess? emulator)
    {
        Api = api;
        Site = site;
        _issuer = issuer;
        _emulator = emulator;
    }

    /// <summary>The function app's side: its services are the hub's.</summary>
    public WebApplication Api { get; }

    public WebApplication Site { get; }

    public Uri ApiAddress => AddressOf(Api);

    public Uri SiteAddress => AddressOf(Site);

    /// <summary>The stand-in OpenID Connect issuer's origin (see <see cref="StandInIssuer"/>).</summary>
    public Uri SignInIssuerAddress => _issuer.Address;

    public static async Task<LocalHostApp> StartAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageClientFactory.SettingName] = EmulatorConnectionString,
        }.Where(setting => builder.Configuration[setting.Key] is null));
        if (builder.Configuration[WebHostDefaults.ServerUrlsKey] is null)
        {
            builder.WebHost.UseUrls(DefaultApiUrl);
        }

        // The Functions host's body limit (see TriggerBody); Kestrel's other limits are its defaults there too.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = TriggerBody.MaxBytes(builder.Configuration));
        configure?.Invoke(builder);
        // Read and checked now, under the same rules as in the container: the site's address is needed first.
        var options = LocalHostOptions.From(HubSettings.Read<HubLocalHostOptions>(builder.Configuration, HubOptions.Section));
        // The maintainer's own providers too (an unknown kind, say), before anything starts, as the function app checks them at its start.
        HubSettings.Read<HubSignInOptions>(builder.Configuration, HubSignInOptions.Section);

        // The site first: the API's CORS policy names its origin.
        var website = new StaticWebsite();
        var site = BuildSite(options.SiteUrl, website);
        await site.StartAsync(cancellationToken);

        StandInIssuer? issuer = null;
        AzuriteProcess? emulator = null;
        try
        {
            // The issuer next: the API's services are built with it as one more sign-in provider.
            issuer = await StandInIssuer.StartAsync(options.SignInIssuerUrl, cancellationToken);
            builder.Configuration.AddInMemoryCollection(issuer.ProviderSettings(
                builder.Configuration.GetSection($"{HubSignInOptions.Section}:{nameof(HubSignInOptions.Providers)}").GetChildren().Count()));
            // The OAuth 2.0 kinds' requests go to the stand-ins on loopback: a service only this program registers, never a setting.
            builder.Services.AddSingleton(OAuthEndpoints.StandIns(issuer.Address));
            emulator = await EmulatorAutoStart.StartIfNeededAsync(builder.Configuration[StorageClientFactory.SettingName]!, options.RepositoryRoot, cancellationToken);
            var api = BuildApi(builder, options, Origin(AddressOf(site)));
            await api.StartAsync(cancellationToken);

            // As a deployment does: the site's files and every page into $web, then serve it. The
            // API's own origin is known only now that it listens (its port may be the OS's choice).
            api.Services.GetRequiredService<SiteContext>().Configure(Origin(AddressOf(site)), Origin(AddressOf(api)));
            issuer.AcceptCallbacksTo(Origin(AddressOf(api)));
            await api.Services.GetRequiredService<SitePublisher>().PublishAllAsync(options.StaticWebRoot, cancellationToken);
            website.Source = api.Services.GetRequiredService<WebContainer>();
            return new LocalHostApp(api, site, issuer, emulator);
        }
        catch
        {
            await site.StopAsync(CancellationToken.None);
            await site.DisposeAsync();
            if (issuer is not null)
            {
                await issuer.DisposeAsync();
            }

            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }

            throw;
        }
    }

    public async Task WaitForShutdownAsync() => await Task.WhenAny(Api.WaitForShutdownAsync(), Site.WaitForShutdownAsync(), _issuer.WaitForShutdownAsync());

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { Api, Site })
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        await _issuer.DisposeAsync();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    private static WebApplication BuildApi(WebApplicationBuilder builder, LocalHostOptions options, string siteOrigin)
    {
        var hostJson = HostJson.Read(options.HostJsonPath);

        // The site listens: its origin is the Hub:Site:PublicUrl the API's services are built with.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{HubSiteOptions.Section}:{nameof(HubSiteOptions.PublicUrl)}"] = siteOrigin });
        builder.Services.AddSingleton(options);
        builder.Services.AddHubSection<HubLocalHostOptions>();
        // The worker's own middleware and services, registered by the worker's own method.
        var worker = new WorkerPipeline(builder.Services);
        worker.UseHubWorker(builder.Configuration);
        builder.Services.AddSingleton(worker);
        builder.Services.AddMvcCore();
        builder.Services.AddCors();
        builder.Services.AddHostedService<LocalModerator>();
        builder.Services.AddHostedService<SampleContentSeeder>();
        builder.Services.AddSingleton<IReadOnlyList<TimerFunction>>(FunctionCatalog.DiscoverTimers(typeof(HubServices).Assembly));
        builder.Services.AddSingleton<TimerRunner>();
        if (options.RunTimers)
        {
            builder.Services.AddHostedService(provider => provider.GetRequiredService<TimerRunner>());
        }

        // The app's queue functions, unless the caller registered others first (tests declare their own).
        builder.Services.TryAddSingleton<IReadOnlyList<QueueFunction>>(FunctionCatalog.DiscoverQueues(typeof(HubServices).Assembly));
        builder.Services.AddSingleton(HostQueueOptions.Read(options.HostJsonPath, builder.Configuration));
        builder.Services.AddSingleton<QueueRunner>();
        if (options.RunQueues)
        {
            builder.Services.AddHostedService(provider => provider.GetRequiredService<QueueRunner>());
        }

        // In the Functions host's order: custom headers, CORS, then the request as forwarded to the worker.
        var app = builder.Build();

        // Built now, so a queue function the local host cannot call stops start-up, not its first message.
        app.Services.GetRequiredService<QueueRunner>();
        app.UseHostCustomHeaders(hostJson.CustomHeaders);
        app.UsePlatformCors([siteOrigin]);
        app.UseForwardingAsTheHost();
        app.UseRouting();
        app.MapFunctions(FunctionCatalog.Discover(typeof(HubServices).Assembly), hostJson.RoutePrefix);
        return app;
    }

    private static WebApplication BuildSite(string url, StaticWebsite website)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var site = builder.Build();
        site.Run(website.ServeAsync);
        return site;
    }

    internal static Uri AddressOf(WebApplication app)
        => new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    internal static string Origin(Uri address) => address.GetLeftPart(UriPartial.Authority);
}
