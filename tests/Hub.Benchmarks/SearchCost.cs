using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hub.Core.Entries;
using Hub.Core.Search;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Benchmarks;

/// <summary>
/// Search (issue 28) at 50, 500 and 5,000 entries with bodies like real articles (2 to 8 KB of
/// Markdown each, words drawn as in English text: a few common, most rare): a warm search's p50
/// and p99 at 1 and 16 clients and its storage requests, the first search on a cold instance, the
/// index's size, and how long a change takes to be found, on the instance that did its follow-up
/// and on another one. The queue trigger polls in the background, as in production.
/// </summary>
internal static class SearchCost
{
    public static readonly int[] DefaultSizes = [50, 500, 5_000];

    private static readonly string[] Queries =
    [
        "amazon ice", "\"facial recognition\"", "recognizing", "contract surveillance", "report", "palantir -amazon", "data broker location", "immigration enforcement",
    ];

    public static async Task RunAsync(IReadOnlyList<int> sizes, int requests)
    {
        var hub = new BackgroundQueueHub();
        await hub.InitializeAsync();
        try
        {
            using var reader = hub.Reader();
            using var maintainer = hub.Maintainer();
            var search = hub.Services.GetRequiredService<EntrySearch>();
            var fresh = 0;
            string Fresh() => $"&fresh={Interlocked.Increment(ref fresh)}"; // a URL no instance has an answer for in memory: the index is searched
            Task<HttpResponseMessage> Search(HttpClient client, int i) => client.GetAsync("/api/resources?limit=20&q=" + Uri.EscapeDataString(Queries[i % Queries.Length]) + Fresh());

            Console.WriteLine($"Search at {string.Join(", ", sizes.Select(size => size.ToString("N0", CultureInfo.InvariantCulture)))} entries (bodies of 2-8 KB); {requests} searches per client count, {Queries.Length} queries in turn, limit=20, from the index (no answer kept in memory)");
            Console.WriteLine($"{"entries",7} {"storage/search",14} {"1: p50",7} {"p99",6} {"req/s",6} {"16: p50",8} {"p99",6} {"req/s",6} {"cold first",10} {"snapshot",9} {"rebuild",8} {"found after: here",17} {"elsewhere",10}");
            var seeded = 0;
            var p50s = new List<double>();
            foreach (var size in sizes)
            {
                await SeedAsync(hub, seeded, size);
                seeded = size;
                var rebuild = await search.RebuildAsync(CancellationToken.None);

                // Another instance's search, cold (a second local host would republish every page at start): its first search loads the snapshot and reads the log since.
                using var other = ActivatorUtilities.CreateInstance<EntrySearch>(hub.Services);
                var started = Stopwatch.GetTimestamp();
                await other.SearchAsync(new SearchQuery(Queries[0], Limit: 20), CancellationToken.None);
                var cold = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

                for (var i = 0; i < 50; i++)
                {
                    using var _ = await Search(reader, i); // warm up
                }

                hub.Probe.StartRecording();
                var one = await Load.MeasureAsync(requests, 1, i => Search(reader, i));
                var counted = hub.Probe.StopCounting();
                var sixteen = await Load.MeasureAsync(requests, 16, i => Search(reader, i));
                var (here, elsewhere) = await TimeToFoundAsync(maintainer, reader, other, size, changes: 5);
                p50s.Add(one.P50);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{size,7:N0} {(double)(counted.Tables + counted.Blobs) / requests,14:F3} {one.P50,7:F1} {one.P99,6:F1} {one.PerSecond,6:F0} {sixteen.P50,8:F1} {sixteen.P99,6:F1} {sixteen.PerSecond,6:F0} {cold,8:F0}ms {rebuild.Bytes / 1024.0,7:F0}KB {rebuild.Took.TotalSeconds,7:F1}s {here,15}ms {elsewhere,8}ms{Load.Failures(one, sixteen)}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warm p50 at {sizes[^1]:N0} entries / at {sizes[0]:N0}: {p50s[^1] / p50s[0]:F2} (target: at most 2)"));
            Console.WriteLine("storage/search: table and blob requests during the 1-client run divided by its searches (the queue trigger's own polls left out): the change log's reads, at most one a second while searched. "
                              + "cold first: the first search of another EntrySearch over the same storage, as a new instance's (the snapshot downloaded and loaded, the log read). snapshot: the index as stored (zipped Lucene files). "
                              + "found after: from a save's answer until a search finds its word, median of 5 (max in brackets): here = the instance whose queue trigger did the follow-up; elsewhere = that other EntrySearch, searched every 20 ms, which learns of it from the change log.");
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    /// <summary>Saves through the API (the queue trigger does each follow-up), then searches every 20 ms until found, on both instances.</summary>
    private static async Task<(string Here, string Elsewhere)> TimeToFoundAsync(HttpClient maintainer, HttpClient reader, EntrySearch other, int size, int changes)
    {
        var here = new List<double>();
        var elsewhere = new List<double>();
        for (var i = 0; i < changes; i++)
        {
            var word = $"zqfound{size}x{i}";
            var draft = Entries.Draft("timed", $"A change to find {i}");
            draft["body"] = $"Somewhere in a long body, {word} appears.";
            await maintainer.PutOkAsync($"found-{size}-{i}", draft);
            var started = Stopwatch.GetTimestamp();
            var fresh = 0;
            bool foundHere = false, foundElsewhere = false;
            while (!(foundHere && foundElsewhere) && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
            {
                if (!foundHere && (await reader.GetJsonAsync($"/api/resources?q={word}&fresh={++fresh}"))["items"]!.AsArray().Count > 0)
                {
                    foundHere = true;
                    here.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                if (!foundElsewhere && (await other.SearchAsync(new SearchQuery(word), CancellationToken.None)).Items.Count > 0)
                {
                    foundElsewhere = true;
                    elsewhere.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                await Task.Delay(20);
            }
        }

        static string Summary(List<double> timings)
            => timings.Count == 0 ? "never" : string.Create(CultureInfo.InvariantCulture, $"{timings.Order().ElementAt(timings.Count / 2):F0} ({timings.Max():F0})");
        return (Summary(here), Summary(elsewhere));
    }

    /// <summary>Entries up to <paramref name="count"/>, straight to storage as a restore writes them (the rebuild that follows indexes them).</summary>
    private static async Task SeedAsync(FaultyHubServer hub, int from, int count)
    {
        var repository = hub.Services.GetRequiredService<EntryRepository>();
        string[] categories = ["contracts", "surveillance", "reports", "campaigns", "explainers"];
        await Parallel.ForEachAsync(Enumerable.Range(from, count - from), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            var random = new Random(i);
            var content = new EntryContent(
                Sentence(random, 6, 12).TrimEnd('.'), Sentence(random, 25, 45), new Uri($"https://example.org/articles/{i}"), "Example Source",
                new DateOnly(2015, 1, 1).AddDays(i % 3000), categories[i % categories.Length], [$"t{i % 40}", Words.Common[random.Next(40)]], Featured: false,
                Body(random));
            var now = DateTimeOffset.UtcNow;
            await repository.RestoreAsync(EntryEntity.From($"article-{i:D5}", content, now, now, EntryVersion.NewRevision(), comments: 0), token);
        });
    }

    /// <summary>An article: a few sections of paragraphs, with links, emphasis and a list, 2 to 8 KB.</summary>
    private static string Body(Random random)
    {
        var body = new StringBuilder();
        var target = random.Next(2_000, 8_000);
        while (body.Length < target)
        {
            body.Append("## ").Append(Sentence(random, 3, 7).TrimEnd('.')).Append("\n\n");
            for (var p = random.Next(2, 5); p > 0; p--)
            {
                body.Append(Sentence(random, 12, 25)).Append(' ').Append("See [the ").Append(Words.Draw(random)).Append(" record](https://example.org/r/").Append(random.Next(100_000)).Append("). ")
                    .Append(Sentence(random, 10, 22)).Append(" *").Append(Sentence(random, 4, 8).TrimEnd('.')).Append("*.\n\n");
            }

            body.Append("- ").Append(Sentence(random, 5, 10)).Append("\n- ").Append(Sentence(random, 5, 10)).Append("\n\n");
        }

        return body.ToString()[..Math.Min(body.Length, EntryRules.BodyMaxLength)];
    }

    private static string Sentence(Random random, int min, int max)
    {
        var words = Enumerable.Range(0, random.Next(min, max)).Select(_ => Words.Draw(random)).ToArray();
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words) + ".";
    }

    /// <summary>A vocabulary drawn as natural text is (Zipf's law): the hub's own words first, then thousands of rarer made-up ones.</summary>
    private static class Words
    {
        public static readonly string[] Common =
        [
            "the", "contract", "data", "police", "agency", "surveillance", "company", "government", "report", "immigration", "amazon", "ice", "cloud", "facial",
            "recognition", "software", "records", "palantir", "federal", "department", "security", "enforcement", "customs", "technology", "services", "system",
            "people", "public", "local", "city", "million", "license", "plate", "reader", "location", "broker", "border", "homeland", "defense", "microsoft",
        ];

        private static readonly string[] Vocabulary = [.. Common, .. Enumerable.Range(0, 8_000).Select(Made)];

        /// <summary>Cumulative Zipf weights (s = 1) over the vocabulary.</summary>
        private static readonly double[] Cumulative = Weights();

        public static string Draw(Random random)
        {
            var index = Array.BinarySearch(Cumulative, random.NextDouble() * Cumulative[^1]);
            return Vocabulary[Math.Min(Vocabulary.Length - 1, index < 0 ? ~index : index)];
        }

        private static double[] Weights()
        {
            var cumulative = new double[Vocabulary.Length];
            var sum = 0.0;
            for (var i = 0; i < cumulative.Length; i++)
            {
                cumulative[i] = sum += 1.0 / (i + 1);
            }

            return cumulative;
        }

        private static string Made(int i)
        {
            string[] syllables = ["ka", "lo", "mer", "tin", "sa", "vel", "dor", "qui", "ran", "po", "ster", "lin", "ga", "fe", "mu", "ton"];
            var word = new StringBuilder();
            for (var n = i; ; n /= syllables.Length)
            {
                word.Append(syllables[n % syllables.Length]);
                if (n < syllables.Length)
                {
                    break;
                }
            }

            return word.Append(syllables[i % 7]).ToString();
        }
    }
}
