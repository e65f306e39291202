using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Benchmarks;

/// <summary>The list and queue pages as the tables grow: each should read only what it returns.</summary>
internal static class Scale
{
    private static readonly int[] Sizes = [50, 500, 5_000];

    public static async Task RunAsync(FaultyHubServer hub, HttpClient reader, HttpClient maintainer, int requests)
    {
        Console.WriteLine($"The same pages at 50, 500 and 5,000 entries (category \"scale\") and held comments; {requests} requests each at 16 clients, from storage");
        Console.WriteLine($"{"page",-44} {"size",6} {"storage",7} {"req/s",7} {"p50",6} {"p99",6}");
        var entries = 0;
        var held = 0;
        var fresh = 0;
        string Fresh() => $"&fresh={Interlocked.Increment(ref fresh)}";
        var writes = new List<string>();
        IReadOnlyList<string> burst = [];
        foreach (var size in Sizes)
        {
            await Seed.ScaleEntriesAsync(hub, entries, size);
            await hub.Services.GetRequiredService<Hub.Core.Search.EntrySearch>().RebuildAsync(CancellationToken.None); // written without follow-ups, as a restore, which rebuilds the index too
            hub.FollowUpsAfterEachWrite = false; // the held posts' follow-ups run together, as the queue would take them
            await Seed.HeldCommentsAsync(reader, size, held, size);
            await hub.RunQueuesAsync();
            hub.FollowUpsAfterEachWrite = true;
            entries = held = size;
            writes.Add(await WriteCostsAsync(hub, maintainer, size));
            if (size == SettingsBurst.Entries)
            {
                burst = await SettingsBurst.MeasureAsync(hub, maintainer, $"{size:N0} scale entries and the {Seed.EntryCount} seeded first");
            }

            var pages = new (string Name, Func<int, Task<HttpResponseMessage>> Send)[]
            {
                ("GET /api/resources?category=scale&limit=50", _ => reader.GetAsync("/api/resources?category=scale&limit=50" + Fresh())),
                ("GET /api/resources?tag=s7&limit=50", _ => reader.GetAsync("/api/resources?tag=s7&limit=50" + Fresh())),
                ("GET /api/resources?q=report%2042", _ => reader.GetAsync("/api/resources?category=scale&q=report%2042" + Fresh())),
                ("GET /api/manage/comments?status=pending", _ => maintainer.GetAsync("/api/manage/comments?status=pending&limit=50")),
                ("GET /api/manage/comments/counts", _ => maintainer.GetAsync("/api/manage/comments/counts")),
            };
            var emulator = await EmulatorQueryAsync(hub);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"Azurite alone: a range query of 50 rows",-44} {size,6} {1,7} {"",7} {emulator,6:F1} {"",6}"));
            foreach (var (name, send) in pages)
            {
                using (await send(0))
                {
                    // Warm: the first read after thousands of posts folds their tally changes (one write per 99).
                }

                var storage = await Load.StorageRequestsAsync(hub.Probe, send);
                var result = await Load.MeasureAsync(requests, 16, send);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-44} {size,6} {storage,7} {result.PerSecond,7:F0} {result.P50,6:F1} {result.P99,6:F1}{Load.Failures(result)}"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("One write at each size: storage requests of the request (before the answer) and of its follow-up (run by the queue trigger, recorded)");
        Console.WriteLine($"{"write",-44} {"size",6} {"request",7} {"follow-up",9} {"pages",6} {"uploaded",8} {"per page",8}");
        foreach (var line in writes)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine("pages: entry pages the follow-up renders (a settings change: every entry page, in batches); uploaded: those whose HTML changed; per page: the follow-up's requests per entry page.");
        Console.WriteLine();
        foreach (var line in burst)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine("storage counts the sign-in read on manage routes; a text search reads at most 1,000 rows per request and hands back a cursor to go on.");
        Console.WriteLine("Azurite answers every query by testing each row of the table (LokiTableMetadataStore.queryTableEntities: .chain().where(predicate)),");
        Console.WriteLine("so here a range query slows as the table grows; Azure Table Storage seeks its (PartitionKey, RowKey) index.");
    }

    /// <summary>An entry save and a settings change at this size: the request path, then the follow-up, each recorded.</summary>
    private static async Task<string> WriteCostsAsync(FaultyHubServer hub, HttpClient maintainer, int size)
    {
        var save = await CostAsync(hub, () => maintainer.PutAsync("scale-00000", Entries.Draft("scale", $"Scale report 0, saved at {size}", "2020-01-01", "s0")));
        var settings = await CostAsync(hub, () => maintainer.PatchAsJsonAsync("/api/manage/settings", new { linkLimit = size % 7 + 1 }));
        var entryPages = Seed.EntryCount + size; // every entry page is rendered again; only those whose HTML changed are uploaded
        return string.Create(CultureInfo.InvariantCulture,
            $"{"PUT /api/manage/resources/{id}: an entry save",-44} {size,6} {save.Request,7} {save.FollowUp,9} {1,6} {save.Pages,8} {"",8}{Environment.NewLine}"
            + $"{"PATCH /api/manage/settings",-44} {size,6} {settings.Request,7} {settings.FollowUp,9} {entryPages,6} {settings.Pages,8} {(double)settings.FollowUp / entryPages,8:F1}   ({settings.Seconds:F1} s)");
    }

    private static async Task<(int Request, int FollowUp, int Pages, double Seconds)> CostAsync(FaultyHubServer hub, Func<Task<HttpResponseMessage>> write)
    {
        var request = await Writes.RequestPathAsync(hub, write);
        var clock = Stopwatch.StartNew();
        hub.Probe.StartRecording();
        await hub.RunQueuesAsync();
        var followUp = hub.Probe.StopRecording();
        var pages = followUp.Count(line => line.StartsWith("PUT ", StringComparison.Ordinal)
                                           && line.Contains("/$web/entries/", StringComparison.Ordinal)
                                           && line.Contains("/index.html", StringComparison.Ordinal)
                                           && !line.Contains("comp=", StringComparison.Ordinal));
        return (request.Count, followUp.Count, pages, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The median time of the same range query sent straight to the emulator: what storage alone costs at this size.</summary>
    private static async Task<double> EmulatorQueryAsync(FaultyHubServer hub)
    {
        var table = new TableClient(hub.Storage.ConnectionString, "Resources");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"resources"} and RowKey gt {"category|scale|"} and RowKey lt {"category|scale}"}");
        var timings = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 51).AsPages().Take(1))
            {
            }

            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        timings.Sort();
        return timings[timings.Count / 2];
    }
}
