using System.Globalization;
using Hub.Benchmarks;
using Hub.Testing;

// Throughput, latency and storage requests of the hub's routes, through the local host over its
// own Azurite on this machine, at 1 and at 16 concurrent clients, each also shown as a share of a
// static file's throughput from the site (the ceiling); then the list and queue pages at 50, 500
// and 5,000 entries and held comments, with what an entry save and a settings change cost at each
// size; the storage requests of each write before its answer; what a million entry-page views cost
// in Azure; and, with the queue trigger running in the background, how soon an approval is on its
// page and how many times a burst of 20 approvals renders that page, with the storage requests of
// one approval's follow-up. The
// figures compare one build with another on the same machine; they are not Azure's numbers.
// Usage: dotnet run -c Release --project tests/Hub.Benchmarks [requests-per-route]
//        dotnet run -c Release --project tests/Hub.Benchmarks -- follow-ups     (only the approval-to-page, burst and approval follow-up figures)
//        dotnet run -c Release --project tests/Hub.Benchmarks -- approval       (only one approval's follow-up, request by request)
//        dotnet run -c Release --project tests/Hub.Benchmarks -- settings-burst (only 5 settings changes together against one, at 500 entries)
//        dotnet run -c Release --project tests/Hub.Benchmarks -- idle [sizes]   (an idle hour's timers at 50 and 500 entries, or the sizes given: `idle 50 500 5000`)
//        dotnet run -c Release --project tests/Hub.Benchmarks -- markdown       (only what rendering Markdown costs)
//        dotnet run -c Release --project tests/Hub.Benchmarks -- search [sizes] (search at 50, 500 and 5,000 entries, or the sizes given)
if (args is ["markdown"])
{
    MarkdownCost.Run();
    return;
}

if (args is ["search", .. var searchSizes])
{
    await SearchCost.RunAsync(searchSizes.Length > 0 ? [.. searchSizes.Select(size => int.Parse(size, CultureInfo.InvariantCulture))] : SearchCost.DefaultSizes, requests: 300);
    return;
}

if (args is ["follow-ups"])
{
    await FollowUpTiming.RunAsync(approvals: 30, burst: 20);
    Console.WriteLine();
    await ApprovalFollowUp.RunAsync(list: false);
    return;
}

if (args is ["approval"])
{
    await ApprovalFollowUp.RunAsync(list: true);
    return;
}

if (args is ["settings-burst"])
{
    await SettingsBurst.RunAsync();
    return;
}

if (args is ["idle", .. var sizes])
{
    await IdleHour.RunAsync(sizes.Length > 0 ? [.. sizes.Select(size => int.Parse(size, CultureInfo.InvariantCulture))] : IdleHour.DefaultSizes);
    return;
}

var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 400;

var hub = new FaultyHubServer();
await hub.InitializeAsync();
try
{
    using var reader = hub.Reader();
    using var maintainer = hub.Maintainer();
    using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());
    await Seed.EntriesAndCommentsAsync(hub, reader, maintainer);

    var entryTag = (await reader.GetAsync($"/api/resources/{Seed.Busy}")).Headers.ETag!.ToString();
    var fresh = 0;
    string Fresh() => $"&fresh={Interlocked.Increment(ref fresh)}"; // a URL no instance has in memory: the storage path
    var routes = new Route[]
    {
        new("site: a static file (the ceiling)", _ => site.GetAsync("/assets/site.css"), Public: true),
        new("site: an entry page with 200 comments", _ => site.GetAsync($"/entries/{Seed.Busy}/"), Public: true),
        new("GET /api/resources?limit=50", _ => reader.GetAsync("/api/resources?limit=50"), Public: true),
        new("  the same, from storage", _ => reader.GetAsync("/api/resources?limit=50" + Fresh()), Public: true),
        new("  Azurite alone: that range query, no hub", _ => EmulatorListAsync(hub)),
        new("GET /api/resources?tag=t3&limit=20, from storage", _ => reader.GetAsync("/api/resources?tag=t3&limit=20" + Fresh()), Public: true),
        new("GET /api/resources?q=report, from the index", _ => reader.GetAsync("/api/resources?q=report%2019" + Fresh()), Public: true),
        new("GET /api/resources/{id}", i => reader.GetAsync($"/api/resources/entry-{i % Seed.EntryCount:D4}"), Public: true),
        new("  the same, If-None-Match: 304", _ => reader.SendAsync(Conditional($"/api/resources/{Seed.Busy}", entryTag)), Public: true),
        new("GET /api/resources/{id}/comments?limit=100", _ => reader.GetAsync($"/api/resources/{Seed.Busy}/comments?limit=100"), Public: true),
        new("  the same, from storage", _ => reader.GetAsync($"/api/resources/{Seed.Busy}/comments?limit=100" + Fresh()), Public: true),
        new("GET /api/manage/comments?status=pending", _ => maintainer.GetAsync("/api/manage/comments?status=pending&limit=50")),
        new("GET /api/manage/comments/counts", _ => maintainer.GetAsync("/api/manage/comments/counts")),
        new("POST /api/resources/{id}/comments", i => reader.PostCommentAsync($"entry-{i % Seed.EntryCount:D4}", Discussion.Comment($"Benchmark comment {i}."))),
    };

    Console.WriteLine($"{requests} requests per route at 1 and at 16 clients, after {Seed.EntryCount} entries and {Seed.CommentCount} approved comments on one entry");
    Console.WriteLine("target for public reads (issue #11): p99 <= 50 ms at 16 clients and >= 10 % of the ceiling");
    Console.WriteLine($"{"route",-50} {"storage",7} {"1: req/s",9} {"p50",6} {"p99",6} {"16: req/s",10} {"p50",6} {"p99",6} {"ceiling",8} target");
    double? ceiling = null;
    hub.FollowUpsAfterEachWrite = false; // a POST is timed to its answer; its follow-up runs from the queue afterwards
    foreach (var route in routes)
    {
        var storage = await Load.StorageRequestsAsync(hub.Probe, route.Send);
        var one = await Load.MeasureAsync(requests, 1, route.Send);
        var sixteen = await Load.MeasureAsync(requests, 16, route.Send);
        ceiling ??= sixteen.PerSecond;
        var share = sixteen.PerSecond / ceiling.Value;
        var verdict = !route.Public || route == routes[0] ? "" : sixteen.P99 <= 50 && share >= 0.10 ? "met" : "NOT met";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{route.Name,-50} {storage,7} {one.PerSecond,9:F0} {one.P50,6:F1} {one.P99,6:F1} {sixteen.PerSecond,10:F0} {sixteen.P50,6:F1} {sixteen.P99,6:F1} {share,7:P0}  {verdict}{Load.Failures(one, sixteen)}"));
    }

    await hub.RunQueuesAsync();
    hub.FollowUpsAfterEachWrite = true;
    Console.WriteLine("storage: the storage requests one request made (tables, blobs and queues), counted by an Azure SDK pipeline policy; 0 = served from memory. Latencies in ms.");
    Console.WriteLine();
    await Writes.RunAsync(hub, reader, maintainer);
    Console.WriteLine();
    await Scale.RunAsync(hub, reader, maintainer, Math.Max(100, requests / 2));
    Console.WriteLine();
    await PageViewCost.PrintAsync(hub.Probe, hub.SiteAddress, Seed.Busy);
}
finally
{
    await hub.DisposeAsync();
}

// A second local host, over its own Azurite, with the queue trigger polling in the background as in production.
Console.WriteLine();
await FollowUpTiming.RunAsync(approvals: 30, burst: 20);
Console.WriteLine();
await ApprovalFollowUp.RunAsync(list: false);

// The list page's one storage request sent straight to the emulator: how much of the page's time is storage's.
static async Task<HttpResponseMessage> EmulatorListAsync(FaultyHubServer hub)
{
    var table = new Azure.Data.Tables.TableClient(hub.Storage.ConnectionString, "Resources");
    var filter = Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {"resources"} and RowKey gt {"bydate|"} and RowKey lt {"bydate}"}");
    await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(filter, maxPerPage: 51).AsPages().Take(1))
    {
    }

    return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
}

static HttpRequestMessage Conditional(string path, string etag)
{
    var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.TryAddWithoutValidation("If-None-Match", etag);
    return request;
}

internal sealed record Route(string Name, Func<int, Task<HttpResponseMessage>> Send, bool Public = false);
