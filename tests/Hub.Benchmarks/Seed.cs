using Hub.Core.Entries;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Benchmarks;

internal static class Seed
{
    public const int EntryCount = 200;
    public const int CommentCount = 200;
    public const string Busy = "entry-0000";

    /// <summary>Entries through the API (so their pages are published), and approved comments on one of them.</summary>
    public static async Task EntriesAndCommentsAsync(FaultyHubServer hub, HttpClient reader, HttpClient maintainer)
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

    /// <summary>
    /// Entries in the category "scale" up to <paramref name="count"/>, written straight to storage (a
    /// bulk load, as a restore writes them): no follow-up, so no page is rendered for them here
    /// (thousands of follow-ups would swamp the emulator before anything is measured). The settings change measured at each size renders them all.
    /// </summary>
    public static async Task ScaleEntriesAsync(FaultyHubServer hub, int from, int count)
    {
        var repository = hub.Services.GetRequiredService<EntryRepository>();
        await Parallel.ForEachAsync(Enumerable.Range(from, count - from), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            var content = new EntryContent(
                $"Scale report {i}", "A contract record kept for the benchmark.", new Uri($"https://example.org/{i}"), "Benchmark",
                new DateOnly(2020, 1, 1).AddDays(i % 2000), "scale", [$"s{i % 50}"], Featured: false);
            var id = $"scale-{i:D5}";
            var now = DateTimeOffset.UtcNow;
            await repository.RestoreAsync(EntryEntity.From(id, content, now, now, EntryVersion.NewRevision(), comments: 0), token);
        });
    }

    /// <summary>Held comments across the scale entries, posted through the API, up to <paramref name="count"/> waiting.</summary>
    public static async Task HeldCommentsAsync(HttpClient reader, int entries, int from, int count)
        => await Parallel.ForEachAsync(Enumerable.Range(from, count - from), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            using var posted = await reader.PostCommentAsync($"scale-{i % entries:D5}", Discussion.Comment($"Held comment {i}, waiting for a moderator."));
            posted.EnsureSuccessStatusCode();
        });
}
