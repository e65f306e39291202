using System.Globalization;
using Hub.Testing;

namespace Hub.Benchmarks;

/// <summary>
/// What each write costs before its answer: the storage requests the request itself makes, with the
/// follow-up held back (as <c>StorageInvariantTests</c> counts them), and how many of those go to the
/// site's blobs (<c>$web</c>): none may. The follow-up is run afterwards, so the next write starts clean.
/// </summary>
internal static class Writes
{
    public static async Task RunAsync(FaultyHubServer hub, HttpClient reader, HttpClient maintainer)
    {
        Console.WriteLine("Storage requests before the answer, per write (warm instance; the follow-up runs after the answer, off the request path):");
        Console.WriteLine($"{"write",-56} {"storage",7} {"blob",5}  requests");
        const string entry = "entry-0001";
        await reader.PostCommentOkAsync(entry, Discussion.Comment("Warming up.")); // the entry, the rules and the queue as a busy instance knows them

        await PrintAsync(hub, "POST a comment (held)", () => reader.PostCommentAsync(entry, Discussion.Comment("Counted.", email: $"counted-{Guid.NewGuid():N}@example.org")));

        var approved = await HeldAsync(reader, maintainer, entry);
        await PrintAsync(hub, "PATCH …/comments/{id}: an approval (pending → approved)", () => maintainer.SetStatusAsync(entry, approved.Id, "approved", approved.ETag));

        var moved = await HeldAsync(reader, maintainer, entry);
        await PrintAsync(hub, "PATCH …/comments/{id}: a move (pending → spam)", () => maintainer.SetStatusAsync(entry, moved.Id, "spam", moved.ETag));

        await PrintAsync(hub, "PUT /api/manage/resources/{id}: an entry save", () => maintainer.PutAsync(entry, Entries.Draft("bench", "Report 1, revised", "2024-01-02", "t1")));
        await PrintAsync(hub, "PATCH /api/manage/settings", () => maintainer.PatchAsJsonAsync("/api/manage/settings", new { linkLimit = 3 }));

        Console.WriteLine("storage counts the sign-in read on manage routes; blob: requests to the site's container ($web), none expected.");
    }

    /// <summary>A held comment, its follow-up done, as a moderator finds it in Pending.</summary>
    private static async Task<(string Id, string ETag)> HeldAsync(HttpClient reader, HttpClient maintainer, string entry)
    {
        var id = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment($"To moderate {Guid.NewGuid():N}.")))["id"]!;
        var queued = await maintainer.FindInQueueAsync("pending", id) ?? throw new InvalidOperationException($"{id} is not in Pending");
        return (id, (string)queued["etag"]!);
    }

    private static async Task PrintAsync(FaultyHubServer hub, string name, Func<Task<HttpResponseMessage>> write)
    {
        var requests = await RequestPathAsync(hub, write);
        await hub.RunQueuesAsync();
        var blobs = requests.Count(IsBlob);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-56} {requests.Count,7} {blobs,5}  {string.Join("; ", requests.Select(Describe))}"));
    }

    /// <summary>The storage requests of one write's request path; its follow-up is left queued for the caller to run.</summary>
    public static async Task<IReadOnlyList<string>> RequestPathAsync(FaultyHubServer hub, Func<Task<HttpResponseMessage>> write)
    {
        hub.FollowUpsAfterEachWrite = false;
        try
        {
            hub.Probe.StartRecording();
            using (var response = await write())
            {
                var requests = hub.Probe.StopRecording();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                return requests;
            }
        }
        finally
        {
            hub.Probe.StopRecording();
            hub.FollowUpsAfterEachWrite = true;
        }
    }

    /// <summary>A request to the site's files (the only blob container the hub writes).</summary>
    public static bool IsBlob(string request) => request.Contains("/$web", StringComparison.Ordinal);

    /// <summary>"GET Comments", "POST $batch", "POST hub-follow-ups/messages": the method and what it names, without keys or query.</summary>
    private static string Describe(string request)
    {
        var space = request.IndexOf(' ', StringComparison.Ordinal);
        var path = request[(space + 1)..].Split('?')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray(); // after the account
        var target = segments.Length == 0 ? path : string.Join('/', segments);
        var paren = target.IndexOf('(', StringComparison.Ordinal);
        return request[..space] + " " + (paren > 0 ? target[..paren] + "()" : target);
    }
}
