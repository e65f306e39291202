using Hub.Core.Settings;
using Hub.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hub.Functions;

/// <summary>The isolated worker as Azure runs it; Program.cs builds and runs it, and a test builds it too.</summary>
public static class HubWorker
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseHubWorker(builder.Configuration);

        // The Hub section as the function app knows it: an unknown key under Hub: stops start-up.
        builder.Services.AddHubSection<HubOptions>();
        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();
        return builder;
    }

    /// <summary>
    /// The worker's own middleware, in the order it wraps every invocation, and the functions'
    /// services. Azure's worker (above) and the local host both call this, so a middleware added
    /// here runs in both, in the same place.
    /// </summary>
    public static IFunctionsWorkerApplicationBuilder UseHubWorker(this IFunctionsWorkerApplicationBuilder builder, IConfiguration configuration)
    {
        builder.UseMiddleware<DeadlineMiddleware>();
        builder.UseMiddleware<ExceptionMiddleware>();
        builder.Services.AddHub(configuration);
        return builder;
    }
}
