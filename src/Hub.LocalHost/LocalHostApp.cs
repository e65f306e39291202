using Hub.Core.Storage;
using Hub.Functions;
using Hub.Functions.Http;
using Hub.LocalHost.Content;
using Hub.LocalHost.Emulator;
using Hub.LocalHost.Functions;
using Hub.LocalHost.Security;
using Microsoft.Extensions.FileProviders;

namespace Hub.LocalHost;

/// <summary>
/// A development and test host for the function app: the functions' own routes and keys,
/// storage from AzureWebJobsStorage (starting Azurite when it is the emulator and is not
/// running), and static-web/ at /. Azure runs the function app itself, never this.
/// </summary>
public static class LocalHostApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";
    public const string EmulatorConnectionString = "UseDevelopmentStorage=true";

    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageClientFactory.SettingName] = EmulatorConnectionString,
        }.Where(setting => builder.Configuration[setting.Key] is null));
        if (builder.Configuration[WebHostDefaults.ServerUrlsKey] is null)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        configure?.Invoke(builder);

        var options = LocalHostOptions.From(builder.Configuration, builder.Configuration["Hub:RepositoryRoot"] ?? RepositoryLayout.FindRoot());
        var emulator = await EmulatorAutoStart.StartIfNeededAsync(builder.Configuration[StorageClientFactory.SettingName]!, options.RepositoryRoot, cancellationToken);
        try
        {
            var app = Build(builder, options);
            if (emulator is not null)
            {
                app.Lifetime.ApplicationStopped.Register(() => emulator.DisposeAsync().AsTask().GetAwaiter().GetResult());
            }

            return app;
        }
        catch
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }

            throw;
        }
    }

    private static WebApplication Build(WebApplicationBuilder builder, LocalHostOptions options)
    {
        var configuredKey = builder.Configuration[ManageKey.SettingName];
        var manageKey = new ManageKey(
            string.IsNullOrEmpty(configuredKey) ? ManageKey.Generate() : configuredKey,
            builder.Configuration[ManageKey.NameSettingName] is { Length: > 0 } keyName ? keyName : ManageKey.DefaultName);
        if (string.IsNullOrEmpty(configuredKey))
        {
            Console.WriteLine($"Manage key for this run (set {ManageKey.SettingName} or Hub__ManageKey to choose one): {manageKey.Value}");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(manageKey);
        builder.Services.AddHub(builder.Configuration);
        builder.Services.AddMvcCore();
        builder.Services.AddProblemDetails();
        builder.Services.AddHostedService<SampleContentSeeder>();

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.Use(HandleExceptionsAsync);
        ServeStaticWeb(app, options.StaticWebRoot);
        app.UseRouting();
        app.MapFunctions(FunctionCatalog.Discover(typeof(HubServices).Assembly), HostSettings.RoutePrefix(options.HostJsonPath));
        app.MapFallback(context => NotFoundPageAsync(context, options.StaticWebRoot));
        return app;
    }

    private static async Task HandleExceptionsAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Hub.LocalHost");
            await ExceptionProblems.ToResult(exception, logger).ExecuteAsync(context);
        }
    }

    private static void ServeStaticWeb(WebApplication app, string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }

    private static async Task NotFoundPageAsync(HttpContext context, string staticWebRoot)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        var page = Path.Combine(staticWebRoot, "404.html");
        if (File.Exists(page))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(page);
        }
    }
}
