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
    public async Task A_change_whose_start_message_is_lost_is_answered_200_and_finished_by_its_safety_message()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment()))["id"]!;
        var approved = await _maintainer.ModerateAsync(entry, id, "pending", "approved");

        hub.FollowUpsAfterEachWrite = false;
        try
        {
            // The write's second message, its start message, sent after the commit (the first is its safety message).
            hub.Probe.FailAfter(1, StorageProbe.IsQueueSend);
            using var unapprove = await _maintainer.SetStatusAsync(entry, id, "pending", (string)approved["etag"]!);

            // The change committed: the answer says so, and the comment is private at once.
            Assert.Equal(HttpStatusCode.OK, unapprove.StatusCode);
            Assert.False(hub.Probe.Armed);
            Assert.Empty(await _reader.PublicCommentsAsync(entry));
            Assert.Equal(0, await hub.RunQueuesAsync());
            Assert.NotNull(await _maintainer.FindInQueueAsync("approved", id));

            // No start message came: its safety message finishes the record (here now, rather than after its delay).
            Assert.Equal(1, await hub.FinishFollowUpsAsync());
        }
        finally
        {
            hub.FollowUpsAfterEachWrite = true;
        }

        Assert.NotNull(await _maintainer.FindInQueueAsync("pending", id));
        Assert.Null(await _maintainer.FindInQueueAsync("approved", id));
        await _reader.AssertCountMatchesAsync(entry, category);
        var audit = await _maintainer.GetJsonAsync("/api/manage/audit?limit=100");
        Assert.Single(audit["items"]!.AsArray(), row => (string?)row!["commentId"] == id && (string?)row["action"] == "status-changed" && (string?)row["toStatus"] == "pending");
    }

    [Fact]
    public async Task An_approval_whose_commit_answer_is_lost_is_answered_200_because_it_committed()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Committed, answer lost.")))["id"]!;
        var etag = (string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!;

        hub.Probe.LoseAnswerOfNext(message => StorageProbe.IsTransactionOn(message, "Comments"));
        using var approve = await _maintainer.SetStatusAsync(entry, id, "approved", etag);

        // A 503 here would tell the moderator it failed, and invite a second change on top.
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Single(await _reader.PublicCommentsAsync(entry));
        Assert.NotNull(await _maintainer.FindInQueueAsync("approved", id));
        await _reader.AssertCountMatchesAsync(entry, category);
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

        Assert.Equal([waiting], page["items"]!.AsArray().Where(item => (string?)item!["entryId"] == entry).Select(item => (string)item!["id"]!));
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

    /// <summary>What one write costs before its answer: its follow-up is left out (it runs off the request path, and is run after).</summary>
    private async Task<IReadOnlyList<string>> CountAsync(Func<Task> write)
    {
        hub.FollowUpsAfterEachWrite = false;
        try
        {
            hub.Probe.StartRecording();
            await write();
            return hub.Probe.StopRecording();
        }
        finally
        {
            hub.FollowUpsAfterEachWrite = true;
            await hub.RunQueuesAsync();
        }
    }

    [Fact]
    public async Task Posting_a_held_comment_is_six_storage_requests()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        await _reader.PostCommentOkAsync(entry, Discussion.Comment("Warming up.")); // the entry, the rules and the queue as a busy instance knows them

        var requests = await CountAsync(() => _reader.PostCommentOkAsync(entry, Discussion.Comment("Counted.", email: $"counted-{Guid.NewGuid():N}@example.org")));

        // When this address and this email last posted (two reads), the follow-up's safety message
        // (hidden), the flood claims with the author's row naming the follow-up, the comment with
        // its record, and the follow-up's start message.
        Assert.True(requests.Count == 6, string.Join("\n", requests));
        Assert.Equal(2, requests.Count(request => request.Contains("$batch", StringComparison.Ordinal)));
        Assert.Equal(2, requests.Count(request => request.Contains("/hub-follow-ups/messages", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("trash")]
    [InlineData("approved")]
    public async Task A_status_change_is_five_storage_requests_with_the_sign_in_and_none_to_the_site(string to)
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Moved.")))["id"]!;
        var etag = (string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!;

        var requests = await CountAsync(async () => (await _maintainer.SetStatusAsync(entry, id, to, etag)).EnsureSuccessStatusCode());

        // The sign-in, the comment, the follow-up's safety message, the comment's transaction with
        // its record, the start message: the queue, counts, audit row, count copy and page follow.
        Assert.True(requests.Count == 5, string.Join("\n", requests));
        Assert.Single(requests, request => request.Contains("/Moderators(", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, request => request.Contains("/$web", StringComparison.Ordinal));
        Assert.NotNull(await _maintainer.FindInQueueAsync(to, id));
    }
}
