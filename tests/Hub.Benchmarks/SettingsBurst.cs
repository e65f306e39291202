using System.Diagnostics;
using System.Globalization;
using Hub.Testing;

namespace Hub.Benchmarks;

/// <summary>
/// What a burst of settings changes costs against one: each changes the rules, so each follow-up
/// has every entry page to render again. Five changes sent together, answered, then their
/// follow-ups run as the queue takes them, against one change the same way (issue #26's target:
/// the burst at most 2.5 times the one).
/// </summary>
internal static class SettingsBurst
{
    public const int Burst = 5;
    public const int Entries = 500;

    /// <summary>The mode on its own: a hub of <see cref="Entries"/> entries written straight to storage, then the figures.</summary>
    public static async Task RunAsync()
    {
        var hub = new FaultyHubServer();
        await hub.InitializeAsync();
        try
        {
            using var maintainer = hub.Maintainer();
            await Seed.ScaleEntriesAsync(hub, 0, Entries);
            foreach (var line in await MeasureAsync(hub, maintainer, $"{Entries:N0} entries"))
            {
                Console.WriteLine(line);
            }
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    /// <summary>A warm-up change (so every page is at today's rules), then one change, then a burst, each with its follow-ups run.</summary>
    public static async Task<IReadOnlyList<string>> MeasureAsync(FaultyHubServer hub, HttpClient maintainer, string size)
    {
        var changes = 0;
        Func<Task<HttpResponseMessage>> Change()
        {
            var linkLimit = 2 + changes++; // each change sets a value no other one sets, so each is a change of the rules
            return () => maintainer.PatchAsJsonAsync("/api/manage/settings", new { linkLimit });
        }

        await CostAsync(hub, maintainer, [Change()]);
        var one = await CostAsync(hub, maintainer, [Change()]);
        var burst = await CostAsync(hub, maintainer, [.. Enumerable.Range(0, Burst).Select(_ => Change())]);
        return
        [
            $"A burst of {Burst} settings changes released together, against one change, at {size} (every change's follow-up renders every entry page again):",
            $"{"",-26} {"answered",8} {"request",7} {"follow-up",9} {"table",7} {"blob",7} {"queue",6} {"total",7} {"seconds",7}",
            Line("one change", one),
            Line($"{Burst} changes together", burst),
            string.Create(CultureInfo.InvariantCulture, $"the burst costs {(double)burst.Storage.Total / one.Storage.Total:F2} times one change (target: at most 2.5; storage requests of the requests and their follow-ups, until none is open)"),
        ];
    }

    private static string Line(string name, BurstCost cost) => string.Create(CultureInfo.InvariantCulture,
        $"{name,-26} {cost.Answered,8} {cost.Request,7:N0} {cost.FollowUp,9:N0} {cost.Storage.Tables,7:N0} {cost.Storage.Blobs,7:N0} {cost.Storage.Queues,6:N0} {cost.Storage.Total,7:N0} {cost.Seconds,7:F1}");

    /// <summary>The writes sent together, each answered, then their follow-ups run until none is open: every storage request counted.</summary>
    private static async Task<BurstCost> CostAsync(FaultyHubServer hub, HttpClient maintainer, IReadOnlyList<Func<Task<HttpResponseMessage>>> writes)
    {
        hub.FollowUpsAfterEachWrite = false;
        try
        {
            var clock = Stopwatch.StartNew();
            var answered = 0;
            var request = await RecordedAsync(hub, async () =>
            {
                using var release = new SemaphoreSlim(0);
                var sends = writes.Select(async write =>
                {
                    await release.WaitAsync();
                    using var response = await write();
                    return response.IsSuccessStatusCode;
                }).ToList();
                release.Release(writes.Count);
                answered = (await Task.WhenAll(sends)).Count(ok => ok);
            });
            var followUp = await RecordedAsync(hub, hub.RunQueuesAsync);
            while ((int)(await maintainer.GetJsonAsync("/api/manage/follow-ups"))["queued"]! > 0)
            {
                // A follow-up still open (deferred, or its message hidden): what the sweep would finish.
                followUp += await RecordedAsync(hub, hub.FinishFollowUpsAsync);
            }

            return new BurstCost($"{answered}/{writes.Count}", request.Total, followUp.Total, request + followUp, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            hub.FollowUpsAfterEachWrite = true;
        }
    }

    private static async Task<StorageCounts> RecordedAsync(FaultyHubServer hub, Func<Task> run)
    {
        hub.Probe.StartRecording();
        await run();
        return hub.Probe.StopCounting();
    }

    private sealed record BurstCost(string Answered, int Request, int FollowUp, StorageCounts Storage, double Seconds);
}
