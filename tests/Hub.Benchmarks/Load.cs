using System.Diagnostics;
using Hub.Testing;

namespace Hub.Benchmarks;

internal sealed record LoadResult(double PerSecond, double P50, double P99, int Failures);

internal static class Load
{
    /// <summary>One request on its own, with the storage client's requests recorded.</summary>
    public static async Task<int> StorageRequestsAsync(StorageProbe probe, Func<int, Task<HttpResponseMessage>> send)
    {
        probe.StartRecording();
        using (await send(0))
        {
        }

        return probe.StopRecording().Count;
    }

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
                if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotModified)
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

    public static string Failures(params LoadResult[] results)
        => results.Sum(result => result.Failures) is > 0 and var failed ? $"  ({failed} not 2xx/304)" : "";
}
