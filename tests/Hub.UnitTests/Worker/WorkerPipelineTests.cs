using System.Text.Json.Nodes;
using Hub.Functions;
using Hub.Functions.Http;
using Hub.LocalHost.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.UnitTests.Worker;

/// <summary>The local host runs the worker's own middleware, registered by the worker's own method, so the two cannot drift apart.</summary>
public sealed class WorkerPipelineTests
{
    private static readonly IConfiguration Storage = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })
        .Build();

    [Fact]
    public void The_local_host_registers_the_same_middleware_as_the_worker_Program_in_the_same_order()
    {
        var azure = HubMiddleware(HubWorker.CreateBuilder(["--AzureWebJobsStorage=UseDevelopmentStorage=true"]).Services);
        var services = new ServiceCollection();
        var local = new WorkerPipeline(services);
        local.UseHubWorker(Storage);

        Assert.Equal([typeof(DeadlineMiddleware), typeof(ExceptionMiddleware)], azure);
        Assert.Equal(azure, HubMiddleware(services));
        Assert.Equal(azure.Count, local.Count);
    }

    [Fact]
    public async Task A_function_called_by_the_local_host_runs_inside_the_worker_middleware()
    {
        var services = new ServiceCollection().AddLogging();
        var pipeline = new WorkerPipeline(services);
        pipeline.UseHubWorker(Storage);
        await using var provider = services.BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = provider, TraceIdentifier = "trace-7" };
        var body = new MemoryStream();
        http.Response.Body = body;
        RequestDeadline? deadline = null;

        // The exception middleware answers and throws on, as in Azure; the local host then reports the call failed.
        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.InvokeAsync(http, "Probe", context =>
        {
            deadline = RequestDeadline.Of(context);
            throw new InvalidOperationException("a bug");
        }));

        Assert.NotNull(deadline); // the deadline middleware ran first
        Assert.Equal(500, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Equal(500, (int)JsonNode.Parse(body.ToArray())!["status"]!);
    }

    private static List<Type> HubMiddleware(IServiceCollection services)
        => services.Select(service => service.ServiceType)
            .Where(type => typeof(IFunctionsWorkerMiddleware).IsAssignableFrom(type) && type.Assembly == typeof(HubWorker).Assembly)
            .ToList();
}
