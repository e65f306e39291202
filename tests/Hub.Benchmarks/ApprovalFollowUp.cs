using System.Globalization;
using Hub.Testing;

namespace Hub.Benchmarks;

/// <summary>
/// The storage requests of one approval's follow-up: a held comment is approved with the follow-up
/// held back, then the queue is run once with every storage request recorded (the queue trigger's
/// own receive and delete of the message included, as the emulator's log counted them before), and
/// the approval's own requests (its sign-in included) beside them.
/// </summary>
internal static class ApprovalFollowUp
{
    /// <summary>What the emulator's log counted for one approval's follow-up before issue #26 (it read the comment twice, the entry three times, and paged through the approved comments for the count).</summary>
    public const int Before = 27;

    public static async Task RunAsync(bool list)
    {
        var hub = new FaultyHubServer();
        await hub.InitializeAsync();
        try
        {
            using var reader = hub.Reader();
            using var maintainer = hub.Maintainer();
            using (var rules = await maintainer.PatchAsJsonAsync("/api/manage/settings", new { holdAllComments = true, approveKnownAuthors = false, linkLimit = 0, floodIntervalSeconds = 0 }))
            {
                rules.EnsureSuccessStatusCode();
            }

            const string entry = "approved";
            await maintainer.PutOkAsync(entry, Entries.Draft("bench", "An entry whose approvals are counted"));
            Console.WriteLine("The storage requests of one approval's follow-up (queue run once, recorded; the entry has 0, then 1, then 2 approved comments):");
            Console.WriteLine($"{"approval",-10} {"table",6} {"blob",5} {"queue",6} {"total",6}   {"the write itself (its sign-in included): table",-48} {"queue",6} {"total",6}");
            IReadOnlyList<string> first = [];
            var posts = new List<StorageCounts>();
            for (var i = 0; i < 3; i++)
            {
                hub.FollowUpsAfterEachWrite = false;
                hub.Probe.StartRecording();
                var id = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment($"A comment to approve, number {i}.", email: $"approved-{i}@example.org")))["id"]!;
                posts.Add(hub.Probe.StopCounting());
                await hub.RunQueuesAsync();
                var queued = await maintainer.FindInQueueAsync("pending", id) ?? throw new InvalidOperationException($"{id} is not in Pending");
                hub.FollowUpsAfterEachWrite = false;
                hub.Probe.StartRecording();
                using (var approved = await maintainer.SetStatusAsync(entry, id, "approved", (string)queued["etag"]!))
                {
                    approved.EnsureSuccessStatusCode();
                }

                var write = hub.Probe.StopCounting();
                hub.Probe.StartRecording();
                await hub.RunQueuesAsync();
                var requests = hub.Probe.StopRecording();
                var counts = hub.Probe.StopCounting(); // the same recording, by service
                hub.FollowUpsAfterEachWrite = true;
                first = i == 0 ? requests : first;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{i + 1,-10} {counts.Tables,6} {counts.Blobs,5} {counts.Queues,6} {counts.Total,6}   {write.Tables,-48} {write.Queues,6} {write.Total,6}"));
            }

            Console.WriteLine($"before issue #26: {Before} (counted from the emulator's log, not by this probe)");
            Console.WriteLine("Each comment's post itself (held; its follow-up not included): " + string.Join(", ", posts.Select(post => string.Create(CultureInfo.InvariantCulture, $"{post.Tables} table + {post.Queues} queue = {post.Total}"))));
            if (list)
            {
                Console.WriteLine("The first approval's follow-up, request by request:");
                foreach (var request in first)
                {
                    Console.WriteLine($"  {request}");
                }
            }
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }
}
