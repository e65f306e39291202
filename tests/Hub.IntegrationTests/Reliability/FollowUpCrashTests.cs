using System.Net.Http.Json;
using Azure.Data.Tables;
using Hub.Core.Storage;
using Hub.Testing;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// Every workflow, with a failure injected at each storage request it makes, its follow-up's
/// included (the request fails as if the process died there), then the follow-up left to run
/// as it would (its start message, then its safety message): the state is always the one a write with no
/// failure leaves. Each comment is in exactly the queue of its status, the counts and the entry's
/// comment count agree with the rows, the author index finds it, the page shows exactly the
/// approved comments, and a change that committed has its audit row exactly once.
/// The page render's own requests are left out of the failures here: a render that dies holding
/// its claim is taken over when the claim's lease (30 s) runs out, which <c>PageUpdateTests</c>
/// shows; here every other request of the write and of its follow-up fails in turn.
/// </summary>
public sealed class FollowUpCrashTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    /// <summary>More than any workflow here makes (its follow-up's page render included).</summary>
    private const int MaxSteps = 40;

    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();
    private readonly HttpClient _site = Clients.From(hub.SiteAddress, Clients.NewAddress());

    private sealed record Arranged(string Entry, string Category, string CommentId, string Etag, string Email, string Token);

    /// <summary>The workflows: what each does, on an entry with one comment in the state it needs, and the audit action it leads to.</summary>
    public static TheoryData<string> Workflows => ["post", "approve", "unapprove", "trash", "delete", "withdraw", "erase", "entry-save", "entry-delete"];

    [Theory]
    [MemberData(nameof(Workflows))]
    public async Task A_crash_at_any_storage_request_leaves_the_state_of_no_crash_once_the_follow_up_has_run(string workflow)
    {
        hub.FollowUpsAfterEachWrite = false;
        var steps = 0;
        for (var step = 0; step < MaxSteps; step++)
        {
            var arranged = await ArrangeAsync(workflow);
            hub.Probe.FailAfter(step, message => !StorageProbe.IsPageRender(message));
            using (await ActAsync(workflow, arranged))
            {
            }

            await hub.RunQueuesAsync();
            if (hub.Probe.Armed)
            {
                // Every request of the workflow has been failed once: done.
                hub.Probe.Disarm();
                await hub.FinishFollowUpsAsync();
                await AssertConsistentAsync(workflow, arranged, $"{workflow}, no failure");
                steps = step;
                break;
            }

            // The follow-up runs as it would after the crash: the safety message finishes any record left (here now, not after its delay).
            await hub.FinishFollowUpsAsync();
            await AssertConsistentAsync(workflow, arranged, $"{workflow}, failure at request {step}");
        }

        Assert.InRange(steps, 3, MaxSteps - 1);
    }

    private async Task<Arranged> ArrangeAsync(string workflow)
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var email = $"crash-{Guid.NewGuid():N}@example.org";
        if (workflow is "post")
        {
            await hub.RunQueuesAsync();
            return new Arranged(entry, category, "", "", email, "");
        }

        var posted = await _reader.PostCommentOkAsync(entry, Discussion.Comment("Before the crash.", email: email));
        await hub.RunQueuesAsync();
        var id = (string)posted["id"]!;
        var queued = (await _maintainer.FindInQueueAsync("pending", id))!;
        var etag = (string)queued["etag"]!;
        var from = workflow switch
        {
            "unapprove" or "entry-save" or "entry-delete" or "erase" => "approved",
            "delete" => "trash",
            _ => "pending",
        };
        if (from != "pending")
        {
            etag = (string)(await _maintainer.ModerateAsync(entry, id, "pending", from))["etag"]!;
            await hub.RunQueuesAsync();
        }

        return new Arranged(entry, category, id, etag, email, (string)posted["withdrawToken"]!);
    }

    private Task<HttpResponseMessage> ActAsync(string workflow, Arranged arranged) => workflow switch
    {
        "post" => _reader.PostCommentAsync(arranged.Entry, Discussion.Comment("The crash comment.", email: arranged.Email)),
        "approve" => _maintainer.SetStatusAsync(arranged.Entry, arranged.CommentId, "approved", arranged.Etag),
        "unapprove" => _maintainer.SetStatusAsync(arranged.Entry, arranged.CommentId, "pending", arranged.Etag),
        "trash" => _maintainer.SetStatusAsync(arranged.Entry, arranged.CommentId, "trash", arranged.Etag),
        "delete" => _maintainer.DeleteAsync($"/api/manage/comments/{arranged.Entry}/{arranged.CommentId}"),
        "withdraw" => WithdrawAsync(arranged),
        "erase" => _maintainer.PostAsJsonAsync("/api/manage/personal-data/erase", new { email = arranged.Email }),
        "entry-save" => _maintainer.PutAsJsonAsync($"/api/manage/resources/{arranged.Entry}", Entries.Draft(arranged.Category, "Saved through a crash")),
        "entry-delete" => _maintainer.DeleteAsync($"/api/manage/resources/{arranged.Entry}"),
        _ => throw new ArgumentOutOfRangeException(nameof(workflow)),
    };

    private Task<HttpResponseMessage> WithdrawAsync(Arranged arranged)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/resources/{arranged.Entry}/comments/{arranged.CommentId}");
        request.Headers.TryAddWithoutValidation("Authorization", "Withdraw " + arranged.Token);
        return _reader.SendAsync(request);
    }

    private async Task AssertConsistentAsync(string workflow, Arranged arranged, string because)
    {
        var storage = new TableServiceClient(hub.Storage.ConnectionString);
        var comments = await RowsAsync(storage, HubTables.Comments, arranged.Entry);
        var moderation = await RowsAsync(storage, HubTables.Moderation, "moderation");
        var stored = comments.Where(row => row.RowKey.StartsWith("c|", StringComparison.Ordinal)).ToList();
        var queued = moderation.Where(row => row.RowKey.StartsWith("q|", StringComparison.Ordinal) && row.GetString("EntryId") == arranged.Entry).ToList();

        // Each comment is in exactly the queue of its status, as it is now; no queue row is without its comment.
        foreach (var comment in stored)
        {
            var row = Assert.Single(queued, row => row.GetString("CommentId") == comment.GetString("Id"));
            Assert.True(row.GetString("Status") == comment.GetString("Status") && row.GetString("Version") == comment.GetString("Version"), because);
        }

        Assert.True(queued.Count == stored.Count, $"{because}: {queued.Count} queue rows for {stored.Count} comments");

        // The author index finds every stored comment, with its status, and nothing else of this entry.
        var authors = moderation.Where(row => row.RowKey.StartsWith("who|", StringComparison.Ordinal) && row.GetString("EntryId") == arranged.Entry).ToList();
        Assert.True(authors.Count == stored.Count, $"{because}: {authors.Count} author rows for {stored.Count} comments");
        Assert.All(stored, comment => Assert.Contains(authors, author => author.GetString("CommentId") == comment.GetString("Id") && author.GetString("Status") == comment.GetString("Status")));

        // Nothing is left to follow, and the tab counts are the queue's rows.
        Assert.DoesNotContain(comments, row => row.RowKey.StartsWith("follow-up|", StringComparison.Ordinal));
        var counts = await _maintainer.GetJsonAsync("/api/manage/comments/counts");
        var allQueued = moderation.Where(row => row.RowKey.StartsWith("q|", StringComparison.Ordinal)).ToList();
        foreach (var status in new[] { "pending", "approved", "spam", "trash" })
        {
            Assert.True(allQueued.Count(row => row.GetString("Status") == status) == (int)counts[status]!, $"{because}: the {status} count");
        }

        // The public list, the entry's count and its page agree with the comments.
        var approved = stored.Where(row => row.GetString("Status") == "approved").Select(row => row.GetString("Id")!).ToList();
        var entryExists = (await _reader.GetAsync($"/api/resources/{arranged.Entry}")).IsSuccessStatusCode;
        if (entryExists)
        {
            Assert.Equal(approved.Order(), (await _reader.PublicCommentsAsync(arranged.Entry)).Select(comment => (string)comment["id"]!).Order());
            await _reader.AssertCountMatchesAsync(arranged.Entry, arranged.Category);
            var page = await _site.GetStringAsync($"/entries/{arranged.Entry}/");
            Assert.All(stored, comment => Assert.True(
                page.Contains($"comment-{comment.GetString("Id")}", StringComparison.Ordinal) == (comment.GetString("Status") == "approved"),
                $"{because}: the page and comment {comment.GetString("Id")} ({comment.GetString("Status")})"));
        }
        else
        {
            Assert.Empty(stored);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await _site.GetAsync($"/entries/{arranged.Entry}/")).StatusCode);
        }

        // A change that committed is audited exactly once; one that did not, never.
        var audit = moderation.Where(row => row.RowKey.StartsWith("audit|", StringComparison.Ordinal) && row.GetString("EntryId") == arranged.Entry).ToList();
        var (action, committed) = workflow switch
        {
            "post" => ("submitted", stored.Count == 1),
            "approve" => ("status-changed", approved.Count == 1),
            "unapprove" => ("status-changed", stored.Single().GetString("Status") == "pending"),
            "trash" => ("status-changed", stored.Single().GetString("Status") == "trash"),
            "delete" => ("deleted", stored.Count == 0),
            "withdraw" => ("withdrawn", stored.Count == 0),
            "erase" => ("erased", stored.Count == 0),
            "entry-delete" => ("entry-deleted", !entryExists),
            _ => ("", false),
        };
        if (action.Length > 0)
        {
            var rows = audit.Count(row => row.GetString("Action") == action);
            var expected = (committed ? 1 : 0) + (workflow == "unapprove" ? 1 : 0); // the arrangement's own approval is a status change too
            Assert.True(rows == expected, $"{because}: {rows} audit rows '{action}', expected {expected}");
        }
        else if ((string?)(await _reader.GetJsonAsync($"/api/resources/{arranged.Entry}"))["title"] == "Saved through a crash")
        {
            Assert.Contains("Saved through a crash", await _site.GetStringAsync($"/entries/{arranged.Entry}/"), StringComparison.Ordinal);
        }
    }

    private static async Task<List<TableEntity>> RowsAsync(TableServiceClient storage, string table, string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in storage.GetTableClient(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows.Add(row);
        }

        return rows;
    }
}
