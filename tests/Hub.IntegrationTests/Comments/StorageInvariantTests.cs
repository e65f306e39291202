using System.Net;
using Azure.Data.Tables;
using Hub.Testing;

namespace Hub.IntegrationTests.Comments;

/// <summary>What must hold whatever happens between two storage writes, and what storage may hold at all.</summary>
public sealed class StorageInvariantTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    [Fact]
    public async Task A_crash_during_approval_leaves_the_comment_pending_and_private()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment()))["id"]!;
        var etag = (string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!;

        hub.Probe.FailNext(StorageProbe.IsTransaction);
        using var approve = await _maintainer.SetStatusAsync(entry, id, "approved", etag);

        await approve.AssertProblemAsync(503);
        Assert.False(hub.Probe.Armed);
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        Assert.NotNull(await _maintainer.FindInQueueAsync("pending", id));
        Assert.Null(await _maintainer.FindInQueueAsync("approved", id));
        await _reader.AssertCountMatchesAsync(entry, category);

        // The moderator tries again, and it works.
        await _maintainer.ModerateAsync(entry, id, "pending", "approved");
        Assert.Single(await _reader.PublicCommentsAsync(entry));
    }

    [Fact]
    public async Task A_crash_after_unapproving_hides_the_comment_and_acting_on_the_stale_queue_row_puts_the_queue_right()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment()))["id"]!;
        var approved = await _maintainer.ModerateAsync(entry, id, "pending", "approved");

        hub.Probe.FailNext(message => StorageProbe.IsTransactionOn(message, "Moderation"));
        using var unapprove = await _maintainer.SetStatusAsync(entry, id, "pending", (string)approved["etag"]!);

        await unapprove.AssertProblemAsync(503);
        Assert.False(hub.Probe.Armed);
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        await _reader.AssertCountMatchesAsync(entry, category);

        // The queue still shows it as approved; the moderator's next try is refused (it changed) and puts the queue right.
        var stale = await _maintainer.FindInQueueAsync("approved", id);
        Assert.NotNull(stale);
        using var again = await _maintainer.SetStatusAsync(entry, id, "trash", (string)stale["etag"]!);
        await again.AssertProblemAsync(412);
        Assert.NotNull(await _maintainer.FindInQueueAsync("pending", id));
        Assert.Null(await _maintainer.FindInQueueAsync("approved", id));
    }

    [Fact]
    public async Task A_crash_while_storing_a_new_comment_leaves_no_trace_in_any_list()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var content = $"Lost {Guid.NewGuid():N}.";

        hub.Probe.FailNext(StorageProbe.IsTransaction);
        using var posted = await _reader.PostCommentAsync(entry, Discussion.Comment(content));

        await posted.AssertProblemAsync(503);
        var pending = await _maintainer.GetStringAsync("/api/manage/comments?status=pending&limit=100");
        Assert.DoesNotContain(content, pending, StringComparison.Ordinal);
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        await _reader.AssertCountMatchesAsync(entry, category);
    }

    [Fact]
    public async Task No_address_is_stored_in_clear_and_the_email_only_in_the_comment_and_its_queue_row()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var address = Discussion.NewClientAddress();
        var email = $"private-{Guid.NewGuid():N}@example.org";
        using var posted = await _reader.PostCommentAsync(entry, Discussion.Comment("Stored carefully.", email: email), address);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var id = (string)(await posted.JsonAsync())["id"]!;
        await _maintainer.ModerateAsync(entry, id, "pending", "approved");

        var service = new TableServiceClient(hub.Storage.ConnectionString);
        var holdingEmail = new List<string>();
        await foreach (var table in service.QueryAsync())
        {
            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                var values = row.Select(property => property.Value).OfType<string>().ToList();
                Assert.DoesNotContain(values, value => value.Contains(address.ToString(), StringComparison.Ordinal));
                if (values.Any(value => value.Contains(email, StringComparison.OrdinalIgnoreCase)))
                {
                    holdingEmail.Add($"{table.Name}/{row.RowKey}");
                }
            }
        }

        // The queue row shows moderators the email without reading the comment; erasure removes both.
        Assert.Equal(2, holdingEmail.Count);
        Assert.Contains($"Comments/c|{id}", holdingEmail);
        Assert.Single(holdingEmail, row => row.StartsWith("Moderation/q|approved|", StringComparison.Ordinal) && row.EndsWith($"|{entry}|{id}", StringComparison.Ordinal));
    }
}

/// <summary>The two hot reads cost what the table design promises, shown by the requests they make.</summary>
public sealed class QueryCostTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    [Fact]
    public async Task The_pending_queue_reads_only_pending_comments_however_many_were_ever_approved()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        for (var i = 0; i < 6; i++)
        {
            var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment($"History {i}.")))["id"]!;
            await _maintainer.ModerateAsync(entry, id, "pending", i % 2 == 0 ? "approved" : "trash");
        }

        var waiting = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Waiting.")))["id"]!;

        hub.Probe.StartRecording();
        var page = await _maintainer.GetJsonAsync("/api/manage/comments?status=pending");
        var requests = hub.Probe.StopRecording();

        Assert.Equal([waiting], page["items"]!.AsArray().Select(item => (string)item!["id"]!));
        Assert.Equal("An entry to discuss", (string?)page["items"]![0]!["entryTitle"]);
        var queueQuery = Assert.Single(requests, request => request.Contains("/Moderation()", StringComparison.Ordinal));
        Assert.Contains("RowKey gt 'q|pending|' and RowKey lt 'q|pending}'", queueQuery, StringComparison.Ordinal);
        Assert.DoesNotContain(requests, request => request.Contains("/Comments", StringComparison.Ordinal) || request.Contains("/Resources", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_entrys_public_comments_are_one_range_query_in_its_partition()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        for (var i = 0; i < 3; i++)
        {
            var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment($"Public {i}.")))["id"]!;
            await _maintainer.ModerateAsync(entry, id, "pending", "approved");
        }

        hub.Probe.StartRecording();
        var page = await _reader.GetJsonAsync($"/api/resources/{entry}/comments");
        var requests = hub.Probe.StopRecording();

        Assert.Equal(3, page["items"]!.AsArray().Count);
        var query = Assert.Single(requests, request => request.Contains("/Comments()", StringComparison.Ordinal));
        Assert.Contains($"PartitionKey eq '{entry}' and RowKey gt 'p|' and RowKey lt 'p}}'", query, StringComparison.Ordinal);
    }

    /// <summary>Table requests only (pages and feeds are blobs, written by the render that follows a public change).</summary>
    private static List<string> TableRequests(IReadOnlyList<string> requests)
        => requests.Where(request => !request.Contains("/$web", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Posting_a_held_comment_is_four_storage_requests()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        await _reader.GetAsync($"/api/resources/{entry}"); // the entry is in memory, as on a busy instance

        hub.Probe.StartRecording();
        await _reader.PostCommentOkAsync(entry, Discussion.Comment("Counted.", email: $"counted-{Guid.NewGuid():N}@example.org"));
        var requests = TableRequests(hub.Probe.StopRecording());

        // When this address and this email last posted (two reads), the moderation rows, the comment.
        Assert.Equal(4, requests.Count);
        Assert.Equal(2, requests.Count(request => request.Contains("$batch", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Moving_a_comment_between_private_tabs_is_three_storage_requests_and_the_sign_in()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("To the bin.")))["id"]!;
        var etag = (string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!;

        hub.Probe.StartRecording();
        (await _maintainer.SetStatusAsync(entry, id, "trash", etag)).EnsureSuccessStatusCode();
        var requests = TableRequests(hub.Probe.StopRecording());

        // The sign-in, the comment, its transaction, the queue's transaction (with the audit row).
        Assert.Equal(4, requests.Count);
        Assert.Single(requests, request => request.Contains("/Moderators(", StringComparison.Ordinal));
    }
}
