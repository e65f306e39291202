using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Hub.Testing;

// Latency and throughput of the hub's hot routes, through the local host over its own Azurite
// on this machine. The figures compare one build with another on the same machine; they are not
// Azure's numbers. Usage: dotnet run -c Release --project tests/Hub.Benchmarks [requests-per-route]
var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 400;
const int Concurrency = 4;

var hub = new HubServer();
await hub.InitializeAsync();
try
{
    using var reader = hub.Reader();
    using var maintainer = hub.Maintainer();
    await Seed.RunAsync(reader, maintainer);

    Console.WriteLine($"{requests} requests per route, {Concurrency} at a time, after {Seed.EntryCount} entries and {Seed.CommentCount} approved comments");
    Console.WriteLine($"{"route",-44} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8}");
    await Measure("GET /api/resources?limit=50", requests, _ => reader.GetAsync("/api/resources?limit=50"));
    await Measure("GET /api/resources?tag=t3&q=report", requests, _ => reader.GetAsync("/api/resources?tag=t3&q=report"));
    await Measure("GET /api/resources/{id}", requests, i => reader.GetAsync($"/api/resources/entry-{i % Seed.EntryCount:D4}"));
    await Measure("GET /api/resources/{id}/comments?limit=100", requests, _ => reader.GetAsync($"/api/resources/{Seed.Busy}/comments?limit=100"));
    await Measure("POST /api/resources/{id}/comments", requests, i => reader.PostCommentAsync($"entry-{i % Seed.EntryCount:D4}", Discussion.Comment($"Benchmark comment {i}.")));
    await Measure("GET /api/manage/comments?status=pending", requests, _ => maintainer.GetAsync("/api/manage/comments?status=pending&limit=50"));
}
finally
{
    await hub.DisposeAsync();
}

static async Task Measure(string route, int count, Func<int, Task<HttpResponseMessage>> send)
{
    var timings = new double[count];
    var next = -1;
    var failures = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
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
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{route,-44} {count / clock.Elapsed.TotalSeconds,8:F0} {Percentile(0.50),8:F1} {Percentile(0.95),8:F1} {Percentile(0.99),8:F1}{(failures > 0 ? $"  ({failures} failed)" : "")}"));
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
