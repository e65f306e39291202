using System.Net.Http.Headers;
using Hub.LocalHost;
using Hub.LocalHost.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Testing;

/// <summary>
/// The local host on a free port over its own Azurite, reached through real HTTP. Sample
/// content is off unless a test asks for it, so each test class starts from empty storage.
/// </summary>
public class HubServer : IAsyncLifetime
{
    public const string ManageKey = "test-manage-key";

    private WebApplication? _app;

    public AzuriteProcess Storage { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The sample file to load on start, or "" for none.</summary>
    protected virtual string SampleContent => "";

    public virtual async Task InitializeAsync()
    {
        Storage = await Emulator.StartAsync();
        _app = await StartHostAsync(Storage.ConnectionString, SampleContent, ConfigureServices);
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    /// <summary>Lets a test class change the host's services, such as the storage client.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public static async Task<WebApplication> StartHostAsync(string storage, string sampleContent, Action<IServiceCollection>? configureServices = null)
    {
        var app = await LocalHostApp.BuildAsync(
            ["--urls", "http://127.0.0.1:0"],
            builder =>
            {
                configureServices?.Invoke(builder.Services);
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["AzureWebJobsStorage"] = storage,
                    ["Hub:ManageKey"] = ManageKey,
                    ["Hub:SampleContent"] = sampleContent,
                    ["Hub:ClientAddressHeader"] = "X-Forwarded-For",
                    ["Logging:LogLevel:Default"] = "Warning",
                });
            });
        await app.StartAsync();
        return app;
    }

    /// <summary>A reader: no key.</summary>
    public HttpClient Reader() => new() { BaseAddress = BaseAddress };

    /// <summary>A maintainer: the manage key in the x-functions-key header.</summary>
    public HttpClient Maintainer()
    {
        var client = Reader();
        client.DefaultRequestHeaders.Add("x-functions-key", ManageKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await Storage.DisposeAsync();
    }
}
