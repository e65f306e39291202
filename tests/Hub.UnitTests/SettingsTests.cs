using Hub.Core;
using Hub.Core.Settings;
using Hub.Functions;
using Hub.LocalHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hub.UnitTests;

/// <summary>
/// Every Hub: setting is bound to an options class and checked at start-up: a wrong value, or a
/// key no class has (a misspelling), stops the program with a message naming the setting.
/// </summary>
public sealed class SettingsTests
{
    public const string FunctionApp = "function app";
    public const string LocalHost = "local host";

    [Theory]
    [InlineData(FunctionApp, "Hub:Site:PublicUrl", "hub.example.org", "Hub:Site:PublicUrl")]
    [InlineData(FunctionApp, "Hub:Site:PublicUrl", "ftp://hub.example.org", "Hub:Site:PublicUrl")]
    [InlineData(FunctionApp, "Hub:Site:ApiUrl", "/api", "Hub:Site:ApiUrl")]
    [InlineData(FunctionApp, "Hub:Site:PublcUrl", "https://hub.example.org", "PublcUrl")]
    [InlineData(FunctionApp, "Hub:Sites:PublicUrl", "https://hub.example.org", "Sites")]
    [InlineData(FunctionApp, "Hub:RunQueues", "false", "RunQueues")] // the local host's setting means nothing to the function app
    [InlineData(FunctionApp, "Hub:SignIn:TokenHours", "25", "Hub:SignIn:TokenHours")]
    [InlineData(FunctionApp, "Hub:SignIn:TokenHours", "0", "Hub:SignIn:TokenHours")]
    [InlineData(FunctionApp, "Hub:SignIn:Providers:0:Id", "Google!", "Hub:SignIn:Providers:0:Id")]
    [InlineData(FunctionApp, "Hub:SignIn:Providers:0:Issuer", "http://accounts.example.org", "Hub:SignIn:Providers:0:Issuer")]
    [InlineData(FunctionApp, "Hub:SignIn:Providers:0:ClientSecret", "", "ClientSecret")]
    [InlineData(FunctionApp, "Hub:SignIn:Providers:0:Name", "", "Hub:SignIn:Providers:0:Name")]
    [InlineData(FunctionApp, "Hub:SignIn:Providers:1:Id", "google", "names two providers")]
    [InlineData(FunctionApp, "Hub:SignIn:Providers:0:Secret", "x", "Secret")]
    [InlineData(LocalHost, "Hub:Site:PublicUrl", "hub.example.org", "Hub:Site:PublicUrl")]
    [InlineData(LocalHost, "Hub:SiteUrl", "localhost:7072", "Hub:SiteUrl")]
    [InlineData(LocalHost, "Hub:SignInIssuerUrl", "127.0.0.1:7073", "Hub:SignInIssuerUrl")]
    [InlineData(LocalHost, "Hub:RunQueues", "no", "Hub:RunQueues")]
    [InlineData(LocalHost, "Hub:RunQueue", "false", "RunQueue")]
    [InlineData(LocalHost, "Hub:Moderater", "alice", "Moderater")]
    public void A_wrong_or_unknown_setting_fails_validation_naming_it(string program, string key, string value, string named)
    {
        // A good provider first, so each row's one wrong value (or a second provider) is all that is wrong.
        var failure = Record.Exception(() => Validate(program, Settings([.. GoodProvider.Where(setting => setting.Key != key), (key, value)])));

        Assert.NotNull(failure);
        Assert.Contains(named, Messages(failure), StringComparison.Ordinal);
    }

    private static readonly (string Key, string Value)[] GoodProvider =
    [
        ("Hub:SignIn:Providers:0:Id", "google"),
        ("Hub:SignIn:Providers:0:Name", "Google"),
        ("Hub:SignIn:Providers:0:Issuer", "https://accounts.google.com"),
        ("Hub:SignIn:Providers:0:ClientId", "hub.apps.googleusercontent.com"),
        ("Hub:SignIn:Providers:0:ClientSecret", "not-a-real-secret"),
    ];

    [Theory]
    [InlineData(FunctionApp)]
    [InlineData(LocalHost)]
    public void The_settings_the_Bicep_and_the_tests_give_are_accepted(string program)
    {
        var settings = program == FunctionApp
            ? Settings([("Hub:Site:PublicUrl", "https://hub.example.org/"), ("Hub:Site:ApiUrl", "https://func-hub.azurewebsites.net"), .. GoodProvider, ("Hub:SignIn:TokenHours", "24")])
            : Settings(("Hub:SiteUrl", "http://127.0.0.1:0"), ("Hub:SignInIssuerUrl", "http://127.0.0.1:0"), ("Hub:Moderator", ""), ("Hub:RunTimers", "false"), ("Hub:RunQueues", "False"), ("Hub:SampleContent", ""));

        Validate(program, settings);
    }

    [Fact]
    public void An_empty_moderator_or_sample_content_means_none_and_an_absent_one_the_default()
    {
        var none = LocalHostOptions.From(HubSettings.Read<HubLocalHostOptions>(
            Settings(("Hub:RepositoryRoot", "/repo"), ("Hub:Moderator", ""), ("Hub:SampleContent", ""), ("Hub:RunQueues", "false")), HubOptions.Section));
        var defaults = LocalHostOptions.From(HubSettings.Read<HubLocalHostOptions>(Settings(("Hub:RepositoryRoot", "/repo")), HubOptions.Section));

        Assert.Null(none.Moderator);
        Assert.Null(none.SampleContentPath);
        Assert.False(none.RunQueues);
        Assert.Equal(LocalHostOptions.DefaultModerator, defaults.Moderator);
        Assert.Equal(Path.Combine("/repo", "samples", "resources.json"), defaults.SampleContentPath);
        Assert.Equal(LocalHostOptions.DefaultSiteUrl, defaults.SiteUrl);
        Assert.Equal(LocalHostOptions.DefaultSignInIssuerUrl, defaults.SignInIssuerUrl);
        Assert.True(defaults.RunTimers && defaults.RunQueues);
    }

    [Theory]
    [InlineData("--Hub:Site:PublicUrl=hub.example.org", "Hub:Site:PublicUrl")]
    [InlineData("--Hub:Site:PublcUrl=https://hub.example.org", "PublcUrl")]
    public async Task The_function_app_refuses_to_start_with_a_bad_setting_naming_it(string setting, string named)
    {
        // What the Functions host passes a worker it starts (its own settings are checked first), and the bad one.
        using var worker = HubWorker.CreateBuilder(
        [
            "--AzureWebJobsStorage=UseDevelopmentStorage=true",
            "--Functions:Worker:HostEndpoint=http://127.0.0.1:9",
            "--Functions:Worker:WorkerId=settings-test",
            "--Functions:Worker:RequestId=settings-test",
            "--Functions:Worker:GrpcMaxMessageLength=2147483647",
            setting,
        ]).Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var failure = await Record.ExceptionAsync(() => worker.StartAsync(timeout.Token));

        Assert.NotNull(failure);
        Assert.Contains(named, Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_local_host_refuses_to_start_with_a_bad_setting_naming_it()
    {
        var failure = await Record.ExceptionAsync(() => LocalHostApp.StartAsync(["--Hub:SiteUrl=localhost:7072"]));

        Assert.NotNull(failure);
        Assert.Contains("Hub:SiteUrl", Messages(failure), StringComparison.Ordinal);
    }

    private static readonly string[] UnknownKind =
    [
        "--Hub:SignIn:Providers:0:Id=mastodon",
        "--Hub:SignIn:Providers:0:Name=Mastodon",
        "--Hub:SignIn:Providers:0:Kind=mastodon",
        "--Hub:SignIn:Providers:0:ClientId=c",
        "--Hub:SignIn:Providers:0:ClientSecret=s",
    ];

    private const string UnknownKindMessage = "Hub:SignIn:Providers:0:Kind 'mastodon' is not a sign-in kind this hub knows; it knows wordpress-com, github, facebook, x";

    [Fact]
    public async Task An_unknown_sign_in_kind_stops_the_function_app_naming_it_and_the_kinds_known()
    {
        using var worker = HubWorker.CreateBuilder(
        [
            "--AzureWebJobsStorage=UseDevelopmentStorage=true",
            "--Functions:Worker:HostEndpoint=http://127.0.0.1:9",
            "--Functions:Worker:WorkerId=settings-test",
            "--Functions:Worker:RequestId=settings-test",
            "--Functions:Worker:GrpcMaxMessageLength=2147483647",
            .. UnknownKind,
        ]).Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var failure = await Record.ExceptionAsync(() => worker.StartAsync(timeout.Token));

        Assert.NotNull(failure);
        Assert.Contains(UnknownKindMessage, Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_sign_in_kind_stops_the_local_host_before_it_listens_naming_it_and_the_kinds_known()
    {
        var failure = await Record.ExceptionAsync(() => LocalHostApp.StartAsync(["--Hub:SiteUrl=http://127.0.0.1:0", "--Hub:SignInIssuerUrl=http://127.0.0.1:0", "--urls=http://127.0.0.1:0", .. UnknownKind]));

        Assert.NotNull(failure);
        Assert.Contains(UnknownKindMessage, Messages(failure), StringComparison.Ordinal);
    }

    /// <summary>Checks the settings as the program registers them: its Hub section, and the subsections Core and the site read.</summary>
    private static void Validate(string program, IConfiguration configuration)
    {
        var services = new ServiceCollection();
        if (program == LocalHost)
        {
            HubSettings.Read<HubLocalHostOptions>(configuration, HubOptions.Section); // what the local host reads before its container
            services.AddHubSection<HubLocalHostOptions>();
        }
        else
        {
            services.AddHubSection<HubOptions>();
        }

        services.AddHubCore(configuration);
        using var provider = services.BuildServiceProvider();
        HubSettings.Validate(provider);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)).Append(new("AzureWebJobsStorage", "UseDevelopmentStorage=true")))
            .Build();

    private static string Messages(Exception exception)
        => exception is AggregateException aggregate
            ? string.Join(" | ", aggregate.InnerExceptions.Select(Messages))
            : exception.Message + (exception.InnerException is { } inner ? " | " + Messages(inner) : "");
}
