using System.Text.Json.Nodes;
using Hub.Functions;
using Hub.Functions.Http;
using Hub.LocalHost.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.UnitTests.Worker;

/// <summary>The worker as Azure runs it: built by Program.cs's own builder, with its exception middleware.</summary>
public sealed class WorkerTests
{
    [Fact]
    public void The_worker_Program_builds_resolves_every_function_class()
    {
        using var worker = HubWorker.CreateBuilder(["--AzureWebJobsStorage=UseDevelopmentStorage=true"]).Build();
        using var scope = worker.Services.CreateScope();

        var functions = FunctionCatalog.Discover(typeof(HubServices).Assembly);
        Assert.NotEmpty(functions);
        foreach (var functionClass in functions.Select(function => function.Class).Distinct())
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, functionClass));
        }
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_complete_500_problem_logged_with_the_invocation_id_and_a_failed_invocation()
    {
        var logs = new RecordingLogger<ExceptionMiddleware>();
        var middleware = new ExceptionMiddleware(logs);
        var http = new DefaultHttpContext();
        var body = new MemoryStream();
        http.Response.Body = body;
        var invocation = new InvocationStub("invocation-42", http);
        var bug = new InvalidOperationException("a bug");

        // Thrown on, so the worker reports the invocation as failed and the host's request telemetry has Success = false.
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => middleware.Invoke(invocation, _ => throw bug));

        Assert.Same(bug, thrown);
        Assert.Equal(500, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Equal(body.Length, http.Response.ContentLength);
        var text = System.Text.Encoding.UTF8.GetString(body.ToArray());
        Assert.Equal(500, (int)JsonNode.Parse(text)!["status"]!);
        Assert.DoesNotContain("a bug", text, StringComparison.Ordinal);
        var logged = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Same(bug, logged.Exception);
        Assert.Contains("invocation-42", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_outage_is_a_503_with_retry_after_and_still_a_failed_invocation()
    {
        var middleware = new ExceptionMiddleware(new RecordingLogger<ExceptionMiddleware>());
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() =>
            middleware.Invoke(new InvocationStub("invocation-43", http), _ => throw new Azure.RequestFailedException(503, "storage is down")));

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("30", http.Response.Headers.RetryAfter.ToString());
    }
}
