using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Hub.Testing;

// Throughput, latency and storage transactions of the hub's routes, through the local host over
// its own Azurite on this machine, at 1 and at 16 concurrent clients. Each route is also shown as
// a share of a static file's throughput from the site (the static website: one blob read). The
// figures compare one build with another on the same machine; they are not Azure's numbers.
// Usage: dotnet run -c Release --project tests/Hub.Benchmarks [requests-per-route]
var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 400;

var hub = new FaultyHubServer();
await hub.InitializeAsync();
try
{
    using var reader = hub.Reader();
    using var maintainer = hub.Maintainer();
    using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());
    await Seed.RunAsync(reader, maintainer);

    var routes = new (string Name, Func<int, Task<HttpResponseMessage>> Send)[]
    {
        ("site: a static file (the ceiling)", _ => site.GetAsync("/assets/site.css")),
        ("site: an entry page with 200 comments", _ => site.GetAsync($"/entries/{Seed.Busy}/")),
        ("GET /api/resources?limit=50", _ => reader.GetAsync("/api/resources?limit=50")),
        ("GET /api/resources?tag=t3&q=report", _ => reader.GetAsync("/api/resources?tag=t3&q=report")),
        ("GET /api/resources/{id}", i => reader.GetAsync($"/api/resources/entry-{i % Seed.EntryCount:D4}")),
        ("GET /api/resources/{id}/comments?limit=100", _ => reader.GetAsync($"/api/resources/{Seed.Busy}/comments?limit=100")),
        ("GET /api/manage/comments?status=pending", _ => maintainer.GetAsync("/api/manage/comments?status=pending&limit=50")),
        ("GET /api/manage/comments/counts", _ => maintainer.GetAsync("/api/manage/comments/counts")),
        ("POST /api/resources/{id}/comments", i => reader.PostCommentAsync($"entry-{i % Seed.EntryCount:D4}", Discussion.Comment($"Benchmark comment {i}."))),
    };

    Console.WriteLine($"{requests} requests per route at 1 and at 16 clients, after {Seed.EntryCount} entries and {Seed.CommentCount} approved comments on one entry");
    Console.WriteLine($"{"route",-42} {"storage",8} {"1: req/s",9} {"p50",6} {"p99",6} {"16: req/s",10} {"p50",6} {"p99",6} {"ceiling",8}");
    double? ceiling = null;
    foreach (var (name, send) in routes)
    {
        var transactions = await CountTransactionsAsync(hub.Probe, send);
        var one = await Load.MeasureAsync(requests, 1, send);
        var sixteen = await Load.MeasureAsync(requests, 16, send);
        ceiling ??= sixteen.PerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-42} {transactions,8} {one.PerSecond,9:F0} {one.P50,6:F1} {one.P99,6:F1} {sixteen.PerSecond,10:F0} {sixteen.P50,6:F1} {sixteen.P99,6:F1} {sixteen.PerSecond / ceiling,7:P0}{(one.Failures + sixteen.Failures > 0 ? $"  ({one.Failures + sixteen.Failures} not 2xx)" : "")}"));
    }

    Console.WriteLine("storage: the storage requests one request made (tables and blobs), counted by an Azure SDK pipeline policy. Latencies in ms.");
}
finally
{
    await hub.DisposeAsync();
}

// One request on its own, with the storage client's requests recorded.
static async Task<int> CountTransactionsAsync(StorageProbe probe, Func<int, Task<HttpResponseMessage>> send)
{
    probe.StartRecording();
    using (await send(Seed.EntryCount - 1))
    {
    }

    return probe.StopRecording().Count;
}

internal sealed record LoadResult(double PerSecond, double P50, double P99, int Failures);

internal static class Load
{
    public static async Task<LoadResult> MeasureAsync(int count, int clients, Func<int, Task<HttpResponseMessage>> send)
    {
        var timings = new double[count];
        var next = -1;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await send(i);
                timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        clock.Stop();
        Array.Sort(timings);
        double Percentile(double p) => timings[Math.Min(count - 1, (int)Math.Ceiling(p * count) - 1)];
        return new LoadResult(count / clock.Elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99), failures);
    }
}

internal static class Seed
{
    public const int EntryCount = 200;
    public const int CommentCount = 200;
    public const string Busy = "entry-0000";

    public static async Task RunAsync(HttpClient reader, HttpClient maintainer)
    {
        for (var i = 0; i < EntryCount; i++)
        {
            var draft = Entries.Draft("bench", $"Report {i}", $"2024-01-{1 + (i % 28):D2}", $"t{i % 10}");
            await maintainer.PutOkAsync($"entry-{i:D4}", draft);
        }

        // Comments approved at once, so the public list has something to read; no flood limit.
        using var rules = await maintainer.PatchAsJsonAsync("/api/manage/settings", new { holdAllComments = false, approveKnownAuthors = false, linkLimit = 0, floodIntervalSeconds = 0 });
        rules.EnsureSuccessStatusCode();
        for (var i = 0; i < CommentCount; i++)
        {
            await reader.PostCommentOkAsync(Busy, Discussion.Comment($"Seed comment {i}: what these contracts mean for the people they watch."), expectedStatus: 201);
        }

        using var holdAgain = await maintainer.PatchAsJsonAsync("/api/manage/settings", new { holdAllComments = true });
        holdAgain.EnsureSuccessStatusCode();
    }
}
