using System.Diagnostics;
using System.Globalization;
using Hub.Testing;

namespace Hub.Benchmarks;

/// <summary>
/// The local host as it runs in production: the queue trigger polls <c>hub-follow-ups</c> in the
/// background (<c>Hub:RunQueues=true</c>, host.json's polling), and no test hook runs follow-ups.
/// </summary>
internal sealed class BackgroundQueueHub : FaultyHubServer
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Hub:RunQueues"] = "true" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        FollowUpsAfterEachWrite = false; // writes are answered and followed up as in Azure
    }
}

/// <summary>How soon an approval is on the entry's page, and how many times a burst of approvals renders it.</summary>
internal static class FollowUpTiming
{
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(int approvals, int burst)
    {
        var hub = new BackgroundQueueHub();
        await hub.InitializeAsync();
        try
        {
            using var reader = hub.Reader();
            using var maintainer = hub.Maintainer();
            using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());
            using (var rules = await maintainer.PatchAsJsonAsync("/api/manage/settings", new { holdAllComments = true, approveKnownAuthors = false, linkLimit = 0, floodIntervalSeconds = 0 }))
            {
                rules.EnsureSuccessStatusCode();
            }

            Console.WriteLine($"What follows an approval, with the queue trigger polling in the background as in production (host.json: idle polls at most {2} s apart):");
            await TimeToPageAsync(reader, maintainer, site, approvals);
            await BurstAsync(hub, reader, maintainer, site, burst);
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    /// <summary>One approval at a time: from its answer until the entry's page on the site shows the comment.</summary>
    private static async Task TimeToPageAsync(HttpClient reader, HttpClient maintainer, HttpClient site, int approvals)
    {
        const string entry = "timed";
        await maintainer.PutOkAsync(entry, Entries.Draft("bench", "An entry whose approvals are timed"));
        await WaitForPageAsync(site, entry, _ => true);
        var timings = new List<double>();
        for (var i = 0; i < approvals; i++)
        {
            var marker = $"timedmarker{i:D3}x";
            var (id, etag) = await HeldAsync(reader, maintainer, entry, marker);
            await Task.Delay(Random.Shared.Next(0, 2000)); // approvals arrive at any point of the queue's idle polling
            using var approved = await maintainer.SetStatusAsync(entry, id, "approved", etag);
            approved.EnsureSuccessStatusCode();
            var answered = Stopwatch.GetTimestamp();
            await WaitForPageAsync(site, entry, html => html.Contains(marker, StringComparison.Ordinal));
            timings.Add(Stopwatch.GetElapsedTime(answered).TotalMilliseconds);
        }

        timings.Sort();
        double Percentile(double p) => timings[Math.Min(timings.Count - 1, (int)Math.Ceiling(p * timings.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  approval answered → comment on the entry's page (site origin, polled every 25 ms), {approvals} approvals one after another: p50 {Percentile(0.50):F0} ms, p99 {Percentile(0.99):F0} ms, max {timings[^1]:F0} ms (target: p99 <= 5,000 ms)"));
    }

    /// <summary>Approvals of <paramref name="count"/> comments on one entry sent together; the uploads of that entry's page until it shows them all.</summary>
    private static async Task BurstAsync(FaultyHubServer hub, HttpClient reader, HttpClient maintainer, HttpClient site, int count)
    {
        const string entry = "burst";
        await maintainer.PutOkAsync(entry, Entries.Draft("bench", "An entry approved in a burst"));
        await WaitForPageAsync(site, entry, _ => true);
        var held = new List<(string Id, string ETag, string Marker)>();
        for (var i = 0; i < count; i++)
        {
            var marker = $"burstmarker{i:D3}x";
            var (id, etag) = await HeldAsync(reader, maintainer, entry, marker);
            held.Add((id, etag, marker));
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // the held posts' follow-ups done; the queue idle again
        hub.Probe.StartRecording();
        var clock = Stopwatch.StartNew();
        using var release = new SemaphoreSlim(0);
        var sends = held.Select(async comment =>
        {
            await release.WaitAsync();
            using var approved = await maintainer.SetStatusAsync(entry, comment.Id, "approved", comment.ETag);
            approved.EnsureSuccessStatusCode();
        }).ToList();
        release.Release(count);
        await Task.WhenAll(sends);
        var sent = clock.Elapsed;
        await WaitForPageAsync(site, entry, html => held.All(comment => html.Contains(comment.Marker, StringComparison.Ordinal)));
        var shown = clock.Elapsed;
        var untilShown = Uploads(hub.Probe.StopRecording(), entry);

        // The other follow-ups of the burst may still be running (waiting on the page's claim): count what they upload too.
        hub.Probe.StartRecording();
        var quiet = Stopwatch.StartNew();
        while ((int)(await maintainer.GetJsonAsync("/api/manage/follow-ups"))["queued"]! > 0 && quiet.Elapsed < GiveUp)
        {
            await Task.Delay(100);
        }

        var done = clock.Elapsed;
        var after = Uploads(hub.Probe.StopRecording(), entry);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {count} approvals on one entry released together (all answered within {sent.TotalMilliseconds:F0} ms): its page uploaded {untilShown} times until it showed all {count} ({shown.TotalMilliseconds:F0} ms after the release), {untilShown + after} times once every follow-up had finished ({done.TotalMilliseconds:F0} ms) (target: <= 5)"));
    }

    /// <summary>Uploads of the entry's page: PUT of its index.html, not a metadata-only (<c>comp=</c>) request.</summary>
    private static int Uploads(IEnumerable<string> requests, string entry)
        => requests.Count(request => request.StartsWith("PUT ", StringComparison.Ordinal)
                                     && request.Contains($"/$web/entries/{entry}/index.html", StringComparison.Ordinal)
                                     && !request.Contains("comp=", StringComparison.Ordinal));

    /// <summary>A held comment carrying <paramref name="marker"/>, once its follow-up has put it in Pending.</summary>
    private static async Task<(string Id, string ETag)> HeldAsync(HttpClient reader, HttpClient maintainer, string entry, string marker)
    {
        var id = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment($"A comment to approve, {marker}.", email: $"{marker}@example.org")))["id"]!;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await maintainer.FindInQueueAsync("pending", id) is { } queued)
            {
                return (id, (string)queued["etag"]!);
            }

            if (clock.Elapsed > GiveUp)
            {
                throw new TimeoutException($"{id} did not reach Pending within {GiveUp}.");
            }

            await Task.Delay(50);
        }
    }

    private static async Task WaitForPageAsync(HttpClient site, string entry, Func<string, bool> shows)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using (var response = await site.GetAsync($"/entries/{entry}/"))
            {
                if (response.IsSuccessStatusCode && shows(await response.Content.ReadAsStringAsync()))
                {
                    return;
                }
            }

            if (clock.Elapsed > GiveUp)
            {
                throw new TimeoutException($"The page of {entry} did not show what was expected within {GiveUp}.");
            }

            await Task.Delay(25);
        }
    }
}
