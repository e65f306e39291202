using Hub.Core.Comments;
using Hub.Core.Comments.CommentsTable;
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

    /// <summary>
    /// <paramref name="entries"/> entries with <paramref name="commentsPerEntry"/> comments each (7 in
    /// 10 approved, the rest pending, spam or trash), written straight to storage as a backup's
    /// restore writes them (<see cref="Hub.Core.Backup.BackupService.RestoreAsync"/>: the entries
    /// with their listing rows and counts, then the comments with their public rows, then the
    /// moderation queue, author index and tallies), eight entries at a time. The rules are left as
    /// they are, so no follow-up is started. <paramref name="afterEntries"/> runs between the
    /// entries and their comments (the benchmark publishes the site there: the emulator tests every
    /// row of a table on each query, so rendering 5,000 entry pages over 100,000 comments would
    /// take it most of an hour).
    /// </summary>
    public static async Task RestoredHubAsync(FaultyHubServer hub, int entries, int commentsPerEntry, Func<Task> afterEntries, Action<string> progress)
    {
        var repository = hub.Services.GetRequiredService<EntryRepository>();
        var data = hub.Services.GetRequiredService<CommentData>();
        var written = DateTimeOffset.UtcNow.AddHours(-2); // past the moderation check's settling time
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var byEntry = new Dictionary<string, List<CommentEntity>>(StringComparer.Ordinal);
        for (var i = 0; i < entries; i++)
        {
            var id = $"idle-{i:D5}";
            titles[id] = $"Idle report {i}";
            byEntry[id] = [.. Enumerable.Range(0, commentsPerEntry).Select(c => RestoredComment(id, i * commentsPerEntry + c, written.AddMilliseconds(i * commentsPerEntry + c)))];
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, entries), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            var id = $"idle-{i:D5}";
            var content = new EntryContent(
                titles[id], "A contract record kept for the benchmark.", new Uri($"https://example.org/idle/{i}"), "Benchmark",
                new DateOnly(2020, 1, 1).AddDays(i % 2000), $"c{i % 5}", [$"s{i % 50}", $"k{i % 7}"], Featured: i % 100 == 0);
            var approved = byEntry[id].Count(comment => comment.CurrentStatus == CommentStatus.Approved);
            await repository.RestoreAsync(EntryEntity.From(id, content, written, written, EntryVersion.NewRevision(), approved), token);
        });
        progress($"{entries:N0} entries restored in {clock.Elapsed.TotalSeconds:F1} s");
        await afterEntries();

        clock.Restart();
        await Parallel.ForEachAsync(byEntry, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (entry, token) => await data.Store.RestoreAsync(entry.Key, entry.Value, token));
        progress($"{entries * commentsPerEntry:N0} comments restored in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        await data.RestoreModerationAsync([.. byEntry.Values.SelectMany(list => list)], titles, CancellationToken.None);
        progress($"their moderation queue, author index and tallies restored in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A comment as <see cref="Hub.Core.Backup.BackupService"/> turns a backup's into a row.</summary>
    private static CommentEntity RestoredComment(string entryId, int i, DateTimeOffset at)
    {
        var id = CommentId.New(at);
        var (name, email, content) = ($"Reader {i % 97}", $"reader-{i % 97}@example.org", $"Comment {i} on {entryId}: what these contracts mean for the people they watch.");
        return new CommentEntity
        {
            PartitionKey = entryId,
            RowKey = CommentKeys.Comment(id),
            Id = id,
            EntryId = entryId,
            Depth = 1,
            AuthorName = name,
            AuthorEmail = email,
            Content = content,
            Status = (i % 10) switch { 0 => "pending", 1 => "spam", 2 => "trash", _ => "approved" },
            HeldBecause = "",
            CreatedAt = at,
            StatusChangedAt = at,
            ClientHash = "client",
            TokenHash = "token",
            DuplicateKey = CommentEntity.DuplicateKeyOf(AuthorKeys.Of(null, email), name, content),
            Version = CommentVersion.New(),
        };
    }
}
