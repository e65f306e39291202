using System.Net.Http.Headers;
using Hub.Core.Moderators;
using Hub.LocalHost;
using Hub.LocalHost.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Testing;

/// <summary>
/// The local host over its own Azurite, reached through real HTTP, with the site and the API on
/// two origins as in Azure. Sample content is off unless a test asks for it, so each test class
/// starts from empty storage. One moderator, <see cref="ModeratorName"/>, is signed up.
/// </summary>
public class HubServer : IAsyncLifetime
{
    public const string ModeratorName = "maintainer";

    private LocalHostApp? _host;

    public AzuriteProcess Storage { get; private set; } = null!;

    /// <summary>The API's origin (the function app's, in Azure).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The reader site's origin (the static website's, in Azure).</summary>
    public Uri SiteAddress { get; private set; } = null!;

    /// <summary>The local host's stand-in OpenID Connect issuer's origin (a provider's, in Azure).</summary>
    public Uri SignInIssuerAddress { get; private set; } = null!;

    public string ModeratorSecret { get; private set; } = "";

    public IServiceProvider Services => _host!.Api.Services;

    /// <summary>The sample file to load on start, or "" for none.</summary>
    protected virtual string SampleContent => "";

    /// <summary>Settings over the test defaults, such as <c>Hub:RunQueues</c> or a host.json override.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        Storage = await Emulator.StartAsync();
        _host = await StartHostAsync(Storage.ConnectionString, SampleContent, ConfigureServices, Settings);
        BaseAddress = _host.ApiAddress;
        SiteAddress = _host.SiteAddress;
        SignInIssuerAddress = _host.SignInIssuerAddress;
        ModeratorSecret = await AddModeratorAsync(ModeratorName);
        FollowUpsAfterEachWrite = true;
    }

    /// <summary>
    /// Whether a test's client sees a write's answer only after the hub's queue has been run (see
    /// <see cref="Clients.FollowUpsAfterWrites"/>); off for tests that count what one request costs
    /// or that watch the follow-up arrive on its own.
    /// </summary>
    public bool FollowUpsAfterEachWrite
    {
        set => Clients.FollowUpsAfterWrites(BaseAddress, value ? AfterWriteAsync : null);
    }

    /// <summary>What a test client waits for after a write: the queue's messages handled, through the queue-triggered function.</summary>
    protected virtual async Task AfterWriteAsync() => await RunQueuesAsync();

    /// <summary>Lets a test class change the host's services, such as the storage client.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// The local host over the given storage with timers and queue polling off (tests run them on
    /// cue: <see cref="RunTimerAsync"/>, <see cref="RunQueuesAsync"/>); <paramref name="settings"/> go over these defaults.
    /// </summary>
    public static Task<LocalHostApp> StartHostAsync(
        string storage, string sampleContent, Action<IServiceCollection>? configureServices = null, IReadOnlyDictionary<string, string?>? settings = null)
        => LocalHostApp.StartAsync(
            ["--urls", "http://127.0.0.1:0"],
            builder =>
            {
                configureServices?.Invoke(builder.Services);
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["AzureWebJobsStorage"] = storage,
                    ["Hub:SiteUrl"] = "http://127.0.0.1:0",
                    ["Hub:SignInIssuerUrl"] = "http://127.0.0.1:0",
                    ["Hub:Moderator"] = "",
                    ["Hub:RunTimers"] = "false", // a repair firing mid-test would change what a test counts; tests run timers with RunTimerAsync
                    ["Hub:RunQueues"] = "false", // likewise a follow-up polled mid-test; tests run queues with RunQueuesAsync
                    ["Hub:SampleContent"] = sampleContent,
                    ["Logging:LogLevel:Default"] = "Warning",
                });
                if (settings is not null)
                {
                    builder.Configuration.AddInMemoryCollection(settings);
                }
            });

    /// <summary>The storage settings a maintainer's CLI would be given for this hub's storage.</summary>
    public IConfiguration StorageSettings => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = Storage.ConnectionString })
        .Build();

    /// <summary>Signs up a moderator, as <c>hub moderators add</c> does, and returns their secret.</summary>
    public async Task<string> AddModeratorAsync(string name)
        => await Services.GetRequiredService<ModeratorStore>().AddAsync(name, "test", CancellationToken.None)
           ?? throw new InvalidOperationException($"There is already a moderator named {name}.");

    /// <summary>Revokes a moderator, as <c>hub moderators revoke</c> does.</summary>
    public async Task RevokeModeratorAsync(string name)
        => Assert.True(await Services.GetRequiredService<ModeratorStore>().RevokeAsync(name, "test", CancellationToken.None));

    /// <summary>Runs a timer function now, as its schedule would.</summary>
    public Task RunTimerAsync(string name)
        => Services.GetRequiredService<Hub.LocalHost.Functions.TimerRunner>().InvokeAsync(
            Services.GetRequiredService<IReadOnlyList<Hub.LocalHost.Functions.TimerFunction>>().Single(timer => timer.Name == name), CancellationToken.None);

    /// <summary>
    /// Handles every queue message visible now, as the host's queue triggers would (and what those
    /// functions send meanwhile); returns how many messages were handled.
    /// </summary>
    public Task<int> RunQueuesAsync()
        => Services.GetRequiredService<Hub.LocalHost.Functions.Queues.QueueRunner>().ProcessVisibleAsync(CancellationToken.None);

    /// <summary>
    /// Finishes every follow-up this hub started and has not finished (the queue, counts, audit,
    /// author index, pages), as their safety messages would, now rather than after their delay:
    /// tests call it before reading derived state. Returns how many records it finished.
    /// </summary>
    public Task<int> FinishFollowUpsAsync()
        => Services.GetRequiredService<Hub.Core.FollowUps.FollowUpProcessor>().FinishOpenAsync(CancellationToken.None);

    /// <summary>A reader: no credential, connecting from an address of its own.</summary>
    public HttpClient Reader() => Clients.From(BaseAddress, Clients.NewAddress());

    /// <summary>The moderator <see cref="ModeratorName"/>, signed in with their secret.</summary>
    public HttpClient Maintainer() => Moderator(ModeratorSecret);

    /// <summary>A moderator signed in with the given secret.</summary>
    public HttpClient Moderator(string secret)
    {
        var client = Reader();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Moderator", secret);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public virtual async Task DisposeAsync()
    {
        FollowUpsAfterEachWrite = false;
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await Storage.DisposeAsync();
    }
}
