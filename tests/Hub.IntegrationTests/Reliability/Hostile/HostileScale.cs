using System.Globalization;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// <c>HUB_HOSTILE_SCALE</c>: how many times its usual number of requests each hostile case sends
/// (1 in the test command; 41 makes the run about 100,000 requests). A scaled run is a soak: it
/// lets a 503 with <c>Retry-After</c> through (storage outpaced) and, with
/// <c>HUB_HOSTILE_REPORT</c> naming a file, writes there how fast its first and last 10,000
/// requests were answered, to show background work keeps up.
/// </summary>
internal static class HostileScale
{
    private const int Slice = 10_000;

    public static int Factor { get; } = int.TryParse(Environment.GetEnvironmentVariable("HUB_HOSTILE_SCALE"), CultureInfo.InvariantCulture, out var factor) && factor > 1 ? factor : 1;

    public static void Report(IReadOnlyList<TimeSpan> answered)
    {
        if (Environment.GetEnvironmentVariable("HUB_HOSTILE_REPORT") is not { Length: > 0 } path)
        {
            return;
        }

        var lines = new List<string> { $"{answered.Count} requests answered in {(answered.Count > 1 ? (answered[^1] - answered[0]).TotalSeconds : 0):F0} s" };
        if (answered.Count >= 2 * Slice)
        {
            double Rate(int from) => (Slice - 1) / (answered[from + Slice - 1] - answered[from]).TotalSeconds;
            var first = Rate(0);
            var last = Rate(answered.Count - Slice);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"first {Slice:N0}: {first:F1} requests/s; last {Slice:N0}: {last:F1} requests/s; last/first {last / first:F2}"));
        }

        for (var start = 0; start < answered.Count; start += Slice)
        {
            var end = Math.Min(start + Slice, answered.Count) - 1;
            var seconds = (answered[end] - answered[start]).TotalSeconds;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  requests {start + 1}-{end + 1}: {(end - start) / Math.Max(seconds, 0.001):F1} requests/s"));
        }

        File.WriteAllLines(path, lines);
    }
}
