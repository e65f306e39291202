using System.Diagnostics;
using System.Globalization;
using Hub.LocalHost.Functions;
using Hub.Site.Publishing;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Benchmarks;

/// <summary>
/// An hour in which nobody writes, with the timers running as in production, at 50, 500 and 5,000
/// entries: the storage requests per hour by service and the function execution seconds per hour.
/// Nothing waits an hour of wall time: each timer function is invoked, one run after another in the
/// order of the hour, as many times as its own schedule (its <c>[TimerTrigger]</c>) fires it in one
/// hour, and each run's storage requests are counted (<see cref="StorageProbe"/>) and its wall time
/// summed. The queue trigger's polling of an empty queue is left out: the Functions host does it,
/// not a function, and it does not grow with the site.
/// </summary>
internal static class IdleHour
{
    public const int CommentsPerEntry = 20;

    /// <summary>
    /// The sizes run when none is given. 5,000 entries is left to <c>idle 50 500 5000</c>: its
    /// seeding and one full publish took about 20 minutes on the shared 2-core machine, because the
    /// emulator tests every row of a table on each query.
    /// </summary>
    public static readonly int[] DefaultSizes = [50, 500];

    /// <summary>An hour from the top of the hour: a run at 00:00:00 counts, one at 01:00:00 does not.</summary>
    private static readonly DateTime HourStart = new(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc);

    public static async Task RunAsync(IReadOnlyList<int> sizes)
    {
        Console.WriteLine($"An idle hour with the timers running as in production, at {string.Join(", ", sizes.Select(size => size.ToString("N0", CultureInfo.InvariantCulture)))} entries ({CommentsPerEntry} comments each)");
        var hours = new List<(int Size, IReadOnlyList<TimerHour> Timers)>();
        foreach (var size in sizes)
        {
            hours.Add((size, await MeasureAsync(size)));
        }

        Console.WriteLine();
        Console.WriteLine("Per timer, per hour (storage requests by service; execution: the runs' wall time summed):");
        Console.WriteLine($"{"entries",8} {"comments",9} {"timer",-22} {"schedule",-18} {"runs",5} {"table",7} {"blob",6} {"queue",6} {"total",7} {"exec s",7}");
        foreach (var (size, timers) in hours)
        {
            foreach (var timer in timers)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{size,8:N0} {size * CommentsPerEntry,9:N0} {timer.Name,-22} {timer.Schedule,-18} {timer.Runs,5} {timer.Storage.Tables,7:N0} {timer.Storage.Blobs,6:N0} {timer.Storage.Queues,6:N0} {timer.Storage.Total,7:N0} {timer.Seconds,7:F2}"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("The idle hour, all timers:");
        Console.WriteLine($"{"entries",8} {"comments",9} {"runs",5} {"table/h",8} {"blob/h",7} {"queue/h",8} {"total/h",8} {"exec s/h",9}");
        foreach (var (size, timers) in hours)
        {
            var storage = timers.Aggregate(default(StorageCounts), (sum, timer) => sum + timer.Storage);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size,8:N0} {size * CommentsPerEntry,9:N0} {timers.Sum(timer => timer.Runs),5} {storage.Tables,8:N0} {storage.Blobs,7:N0} {storage.Queues,8:N0} {storage.Total,8:N0} {timers.Sum(timer => timer.Seconds),9:F2}"));
        }

        Console.WriteLine("Queue polling by the queue trigger is left out (the host polls an empty queue at most 2 s apart, whatever the site's size).");
        Console.WriteLine("Execution seconds are in-process wall time on this machine with the emulator on the same cores: no cold start, no network.");
    }

    /// <summary>A fresh hub of <paramref name="size"/> entries, published, then an hour of its timers.</summary>
    private static async Task<IReadOnlyList<TimerHour>> MeasureAsync(int size)
    {
        var hub = new FaultyHubServer();
        await hub.InitializeAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            void Progress(string line) => Console.WriteLine($"  {size:N0} entries: {line}");

            // The one full publish of this render version: every page of the restored entries.
            async Task PublishAsync()
            {
                clock.Restart();
                hub.Probe.StartRecording();
                await hub.Services.GetRequiredService<SitePublisher>().PublishAllAsync(null, CancellationToken.None);
                var published = hub.Probe.StopCounting();
                Progress(string.Create(CultureInfo.InvariantCulture,
                    $"the one full publish: {published.Total:N0} storage requests ({published.Tables:N0} table, {published.Blobs:N0} blob), {clock.Elapsed.TotalSeconds:F1} s"));
            }

            await Seed.RestoredHubAsync(hub, size, CommentsPerEntry, PublishAsync, Progress);
            await hub.RunQueuesAsync();
            var check = await hub.Services.GetRequiredService<SiteRepublish>().CheckAsync(CancellationToken.None);
            if (check != SiteCheck.Current)
            {
                throw new InvalidOperationException($"After the publish the site's check found {check}, not {SiteCheck.Current}.");
            }

            clock.Restart();
            var hour = await RunHourAsync(hub);
            Progress($"the hour's {hour.Sum(timer => timer.Runs)} timer runs took {clock.Elapsed.TotalSeconds:F1} s of wall time");
            return hour;
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    /// <summary>Every timer run of one hour, in the order their schedules fire them, each counted on its own.</summary>
    private static async Task<IReadOnlyList<TimerHour>> RunHourAsync(FaultyHubServer hub)
    {
        var timers = hub.Services.GetRequiredService<IReadOnlyList<TimerFunction>>();
        var runs = timers
            .SelectMany(timer => RunsIn(timer).Select(at => (At: at, Timer: timer)))
            .OrderBy(run => run.At).ThenBy(run => run.Timer.Name, StringComparer.Ordinal)
            .ToList();
        var storage = timers.ToDictionary(timer => timer.Name, _ => default(StorageCounts), StringComparer.Ordinal);
        var seconds = timers.ToDictionary(timer => timer.Name, _ => 0.0, StringComparer.Ordinal);
        foreach (var (_, timer) in runs)
        {
            hub.Probe.StartRecording();
            var started = Stopwatch.GetTimestamp();
            await hub.RunTimerAsync(timer.Name);
            seconds[timer.Name] += Stopwatch.GetElapsedTime(started).TotalSeconds;
            storage[timer.Name] += hub.Probe.StopCounting();
        }

        return [.. timers
            .OrderBy(timer => timer.Name, StringComparer.Ordinal)
            .Select(timer => new TimerHour(timer.Name, timer.Schedule, runs.Count(run => run.Timer == timer), storage[timer.Name], seconds[timer.Name]))];
    }

    /// <summary>The times <paramref name="timer"/>'s schedule fires within one hour.</summary>
    private static IEnumerable<DateTime> RunsIn(TimerFunction timer)
    {
        var end = HourStart.AddHours(1);
        for (var at = TimerRunner.NextRun(timer, HourStart.AddTicks(-1)); at < end; at = TimerRunner.NextRun(timer, at))
        {
            yield return at;
        }
    }

    private sealed record TimerHour(string Name, string Schedule, int Runs, StorageCounts Storage, double Seconds);
}
