using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Hub.Core.Storage;
using Hub.Testing;

namespace Hub.IntegrationTests.Reliability;

/// <summary>Storage that hangs or loses its tables: the API answers 503 with Retry-After within seconds, and recovers without a restart.</summary>
public sealed class OutageTests(HubServer hub) : IClassFixture<HubServer>
{
    /// <summary>Sends the emulator's process a signal: STOP freezes it as a hung storage service would be, CONT resumes it.</summary>
    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    [Fact]
    public async Task Storage_that_hangs_gets_503_with_retry_after_in_seconds_and_then_recovers()
    {
        using var maintainer = hub.Maintainer();
        var (entry, _) = await maintainer.NewEntryAsync();

        // The client gives up long after the hub's deadline (5 s): a hang shows as a timeout here.
        using var reader = Clients.From(hub.BaseAddress, Clients.NewAddress());
        reader.Timeout = TimeSpan.FromSeconds(25);
        await SignalAsync(hub.Storage.ProcessId, "STOP");
        try
        {
            foreach (var send in new Func<Task<HttpResponseMessage>>[]
            {
                () => reader.GetAsync("/api/resources"),
                () => reader.GetAsync($"/api/resources/{entry}"),
                () => reader.PostAsJsonAsync($"/api/resources/{entry}/comments", Discussion.Comment("Anyone there?")),
            })
            {
                using var answer = await send();
                await answer.AssertProblemAsync(503);
                Assert.NotNull(answer.Headers.RetryAfter);
            }
        }
        finally
        {
            await SignalAsync(hub.Storage.ProcessId, "CONT");
        }

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/resources/{entry}")).StatusCode);
    }

    [Fact]
    public async Task Tables_lost_at_runtime_are_made_again_without_a_restart()
    {
        using var maintainer = hub.Maintainer();
        using var reader = hub.Reader();
        var (entry, _) = await maintainer.NewEntryAsync();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/resources")).StatusCode);

        var storage = new TableServiceClient(hub.Storage.ConnectionString);
        foreach (var table in new[] { HubTables.Resources, HubTables.Moderation, HubTables.Comments })
        {
            await storage.DeleteTableAsync(table);
        }

        // At most one answer is a 503 (the one that found a table missing); the next finds them made again.
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var answer = await reader.GetAsync($"/api/resources?limit={attempt + 1}"); // a URL not kept in memory
            statuses.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                await answer.AssertProblemAsync(503);
            }
        }

        Assert.Equal(HttpStatusCode.OK, statuses[^1]);
        Assert.All(statuses, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Equal(HttpStatusCode.OK, (await maintainer.GetAsync("/api/manage/comments?status=pending")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/health")).StatusCode);
        await maintainer.PutOkAsync(entry, Entries.Draft(Entries.NewCategory(), "Written again after the loss"));
    }
}
