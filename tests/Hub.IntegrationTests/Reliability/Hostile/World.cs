using Hub.Testing;

namespace Hub.IntegrationTests.Reliability;

/// <summary>What the seeding left in storage for the generators to aim at: real ids, etags and cursors.</summary>
internal sealed record World(
    string EntryId,
    string Category,
    string[] EntryIds,
    string[] CommentIds,
    string[] Etags,
    string EntryCursor,
    string PublicCursor,
    string QueueCursor)
{
    public const string Target = "hostile-target";

    /// <summary>Ids a generated PUT may create or replace: few, so the entry list stays one page.</summary>
    public static readonly string[] PutIds = [Target, "hostile-a", "hostile-b"];

    public static async Task<World> SeedAsync(HubServer hub, HttpClient maintainer)
    {
        var category = Entries.NewCategory();
        await maintainer.PutOkAsync(Target, Entries.Draft(category, "The target of hostile input", "2024-05-01", "hostile"));
        await maintainer.PutOkAsync("hostile-older", Entries.Draft(category, "An older entry", "2020-01-01"));

        // Three comments: two approved (so the public list has a second page), one pending.
        using var reader = hub.Reader();
        var commentIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var receipt = await reader.PostCommentOkAsync(Target, Discussion.Comment($"Seed comment {i}."));
            commentIds.Add((string)receipt["id"]!);
        }

        var etags = new List<string>
        {
            (string)(await maintainer.ModerateAsync(Target, commentIds[0], "pending", "approved"))["etag"]!,
            (string)(await maintainer.ModerateAsync(Target, commentIds[1], "pending", "approved"))["etag"]!,
            (string)(await maintainer.FindInQueueAsync("pending", commentIds[2]))!["etag"]!,
        };

        return new World(
            Target,
            category,
            [Target, "hostile-older"],
            [.. commentIds],
            [.. etags],
            (string)(await reader.GetJsonAsync("/api/resources?limit=1"))["nextCursor"]!,
            (string)(await reader.GetJsonAsync($"/api/resources/{Target}/comments?limit=1"))["nextCursor"]!,
            (string)(await maintainer.GetJsonAsync("/api/manage/comments?status=approved&limit=1"))["nextCursor"]!);
    }
}
