using System.Net;
using Hub.Testing;

namespace Hub.IntegrationTests.Hosting;

public sealed class HealthTests : IAsyncLifetime
{
    private readonly HubServer _hub = new();

    public Task InitializeAsync() => _hub.InitializeAsync();

    public Task DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task Health_is_200_while_storage_answers_and_503_with_retry_after_when_it_stops()
    {
        using var reader = _hub.Reader();
        using (var healthy = await reader.GetAsync("/api/health"))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        await _hub.Storage.DisposeAsync();

        using var health = await reader.GetAsync("/api/health");
        await health.AssertProblemAsync(503);
        Assert.True(health.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 must say when to retry");

        using var list = await reader.GetAsync("/api/resources");
        await list.AssertProblemAsync(503);
        Assert.NotNull(list.Headers.RetryAfter);
    }
}
