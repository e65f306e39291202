using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hub.Testing;

namespace Hub.IntegrationTests.Comments;

/// <summary>Comments under the default rules: every comment is held until a moderator approves it.</summary>
public sealed class CommentModerationTests(HubServer hub) : IClassFixture<HubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    [Fact]
    public async Task A_held_comment_is_invisible_until_approved_and_then_public_without_its_email()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var email = $"Reader-{Guid.NewGuid():N}@Example.org";
        var address = Discussion.NewClientAddress();

        using var posted = await _reader.PostCommentAsync(entry, Discussion.Comment("Rekognition misidentifies people.", "Grace", email), address);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var receipt = await posted.JsonAsync();
        var id = (string)receipt["id"]!;
        Assert.Equal("pending", (string?)receipt["status"]);
        Assert.False(string.IsNullOrEmpty((string?)receipt["withdrawToken"]));

        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        await _reader.AssertCountMatchesAsync(entry, category);
        var discussion = (await _reader.GetJsonAsync($"/api/resources/{entry}/comments"))["discussion"]!;
        Assert.True((bool)discussion["open"]!);
        Assert.Equal(5000, (int)discussion["maxCommentLength"]!);

        var queued = await _maintainer.FindInQueueAsync("pending", id);
        Assert.NotNull(queued);
        Assert.Equal(email, (string?)queued["authorEmail"]);
        Assert.Equal(entry, (string?)queued["entryId"]);
        Assert.Equal("An entry to discuss", (string?)queued["entryTitle"]);
        Assert.Equal("every comment is held for approval", (string?)queued["heldBecause"]);

        var approved = await _maintainer.ModerateAsync(entry, id, "pending", "approved");
        Assert.Equal("approved", (string?)approved["status"]);
        Assert.NotEqual((string?)queued["etag"], (string?)approved["etag"]);

        var comments = await _reader.PublicCommentsAsync(entry);
        var comment = Assert.Single(comments);
        Assert.Equal(id, (string?)comment["id"]);
        Assert.Equal("Grace", (string?)comment["authorName"]);
        Assert.Equal("Rekognition misidentifies people.", (string?)comment["content"]);
        Assert.Equal(["authorName", "authorUrl", "content", "createdAt", "html", "id", "parentId"], comment.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("<p>Rekognition misidentifies people.</p>", ((string?)comment["html"])?.Trim());
        await _reader.AssertCountMatchesAsync(entry, category);
        Assert.Null(await _maintainer.FindInQueueAsync("pending", id));

        foreach (var path in new[] { $"/api/resources/{entry}/comments", $"/api/resources/{entry}", $"/api/resources?category={category}" })
        {
            var text = await _reader.GetStringAsync(path);
            Assert.DoesNotContain(email, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(address.ToString(), text, StringComparison.Ordinal);
            Assert.DoesNotContain("@", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_refused_comment_gets_its_status_code_and_changes_nothing()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var first = await _reader.PostCommentOkAsync(entry, Discussion.Comment("Original words.", email: "same@example.org"));
        var pendingBefore = await QueueSizeAsync();

        await (await _reader.PostCommentAsync("no-such-entry", Discussion.Comment())).AssertProblemAsync(404);
        await (await _reader.PostCommentAsync(entry, Discussion.Comment(parentId: "0639000000000000000abcdef"))).AssertProblemAsync(404);
        await (await _reader.PostCommentAsync(entry, Discussion.Comment(parentId: (string)first["id"]!))).AssertProblemAsync(404); // a pending parent is not public
        await (await _reader.PostCommentAsync(entry, Discussion.Comment("Original words.", email: "SAME@example.org"))).AssertProblemAsync(409);
        var tooLong = await (await _reader.PostCommentAsync(entry, Discussion.Comment(new string('x', 5001)))).AssertProblemAsync(413);
        Assert.Equal(["content"], tooLong.ErrorFields());

        var invalid = new System.Text.Json.Nodes.JsonObject
        {
            ["authorName"] = "",
            ["authorEmail"] = "not-an-email",
            ["authorUrl"] = "javascript:alert(1)",
            ["content"] = "   ",
            ["parentId"] = "../../etc",
        };
        var problem = await (await _reader.PostCommentAsync(entry, invalid)).AssertProblemAsync(400);
        Assert.Equal(["authorEmail", "authorName", "authorUrl", "content", "parentId"], problem.ErrorFields());

        await (await _reader.PostCommentAsync("Bad%2FId", Discussion.Comment())).AssertProblemAsync(400);
        using var notJson = new StringContent("content=hi", Encoding.UTF8, "text/plain");
        await (await _reader.PostAsync($"/api/resources/{entry}/comments", notJson)).AssertProblemAsync(415);
        using var incompleteForm = new StringContent("content=hi", Encoding.UTF8, "application/x-www-form-urlencoded");
        Assert.Equal(["authorEmail", "authorName"], (await (await _reader.PostAsync($"/api/resources/{entry}/comments", incompleteForm)).AssertProblemAsync(400)).ErrorFields());

        Assert.Equal(pendingBefore, await QueueSizeAsync());
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        await _reader.AssertCountMatchesAsync(entry, category);
    }

    [Fact]
    public async Task The_same_client_posting_again_within_the_flood_interval_gets_429_with_retry_after()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var address = Discussion.NewClientAddress();
        using var first = await _reader.PostCommentAsync(entry, Discussion.Comment("One."), address);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var pendingBefore = await QueueSizeAsync();

        using var second = await _reader.PostCommentAsync(entry, Discussion.Comment("Two."), address);

        await second.AssertProblemAsync(429);
        Assert.InRange(second.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 15);
        Assert.Equal(pendingBefore, await QueueSizeAsync());
        using var other = await _reader.PostCommentAsync(entry, Discussion.Comment("Three."), Discussion.NewClientAddress());
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    [Fact]
    public async Task Two_moderators_racing_on_one_comment_one_wins_and_the_other_gets_412()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment()))["id"]!;
        var etag = (string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!;

        var answers = await Task.WhenAll(
            _maintainer.SetStatusAsync(entry, id, "approved", etag),
            _maintainer.SetStatusAsync(entry, id, "spam", etag));

        Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.PreconditionFailed);
        await loser.AssertProblemAsync(412);
        var winner = (string)(await answers.Single(a => a.IsSuccessStatusCode).JsonAsync())["status"]!;
        Assert.NotNull(await _maintainer.FindInQueueAsync(winner, id));
        Assert.Null(await _maintainer.FindInQueueAsync(winner == "approved" ? "spam" : "approved", id));
        Assert.Equal(winner == "approved" ? 1 : 0, (await _reader.PublicCommentsAsync(entry)).Count);
        await _reader.AssertCountMatchesAsync(entry, category);
    }

    [Fact]
    public async Task A_status_change_needs_if_match_and_a_current_etag()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment()))["id"]!;
        var etag = (string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!;

        await (await _maintainer.SetStatusAsync(entry, id, "approved", null)).AssertProblemAsync(428);
        var moved = await (await _maintainer.SetStatusAsync(entry, id, "trash", etag)).JsonAsync();
        await (await _maintainer.SetStatusAsync(entry, id, "approved", etag)).AssertProblemAsync(412);
        var badStatus = await (await _maintainer.SetStatusAsync(entry, id, "published", (string)moved["etag"]!)).AssertProblemAsync(400);
        Assert.Equal(["status"], badStatus.ErrorFields());
        await (await _maintainer.SetStatusAsync(entry, "0639000000000000000abcdef", "approved", etag)).AssertProblemAsync(404);
        await (await _reader.SetStatusAsync(entry, id, "approved", etag)).AssertProblemAsync(401);

        Assert.NotNull(await _maintainer.FindInQueueAsync("trash", id));
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
    }

    [Fact]
    public async Task Unapprove_spam_trash_restore_and_delete_keep_the_public_list_and_count_in_step()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment()))["id"]!;

        await _maintainer.ModerateAsync(entry, id, "pending", "approved");
        Assert.Single(await _reader.PublicCommentsAsync(entry));
        await _reader.AssertCountMatchesAsync(entry, category);

        await _maintainer.ModerateAsync(entry, id, "approved", "pending");
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        await _reader.AssertCountMatchesAsync(entry, category);

        await (await _maintainer.DeleteAsync($"/api/manage/comments/{entry}/{id}")).AssertProblemAsync(409);

        var trashed = await _maintainer.ModerateAsync(entry, id, "pending", "trash");
        Assert.Equal("pending", (string?)trashed["previousStatus"]);
        var restored = await _maintainer.ModerateAsync(entry, id, "trash", (string)trashed["previousStatus"]!);
        Assert.Equal("pending", (string?)restored["status"]);

        await _maintainer.ModerateAsync(entry, id, "pending", "approved");
        await _maintainer.ModerateAsync(entry, id, "approved", "spam");
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        await _reader.AssertCountMatchesAsync(entry, category);

        using var deleted = await _maintainer.DeleteAsync($"/api/manage/comments/{entry}/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(await _maintainer.FindInQueueAsync("spam", id));
        await (await _maintainer.DeleteAsync($"/api/manage/comments/{entry}/{id}")).AssertProblemAsync(404);
        await _reader.AssertCountMatchesAsync(entry, category);
    }

    [Fact]
    public async Task A_bulk_change_reports_a_result_per_comment()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment($"Comment {i}.")))["id"]!);
        }

        var etags = new List<string>();
        foreach (var id in ids)
        {
            etags.Add((string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!);
        }

        var stale = await _maintainer.ModerateAsync(entry, ids[2], "pending", "trash");
        var body = new
        {
            status = "approved",
            comments = new[]
            {
                new { entryId = entry, commentId = ids[0], etag = etags[0] },
                new { entryId = entry, commentId = ids[1], etag = etags[1] },
                new { entryId = entry, commentId = ids[2], etag = etags[2] },
                new { entryId = entry, commentId = "0639000000000000000abcdef", etag = etags[0] },
            },
        };

        using var response = await _maintainer.PostAsJsonAsync("/api/manage/comments/bulk", body);
        var results = (await response.JsonAsync())["results"]!.AsArray();

        Assert.Equal([200, 200, 412, 404], results.Select(result => (int)result!["status"]!));
        Assert.Equal(2, (await _reader.PublicCommentsAsync(entry)).Count);
        Assert.NotNull(await _maintainer.FindInQueueAsync("trash", ids[2]));
        Assert.Equal((string?)stale["etag"], (string?)(await _maintainer.FindInQueueAsync("trash", ids[2]))!["etag"]);
        await _reader.AssertCountMatchesAsync(entry, category);

        var tooMany = new { status = "approved", comments = Enumerable.Range(0, 101).Select(_ => new { entryId = entry, commentId = ids[0], etag = etags[0] }) };
        await (await _maintainer.PostAsJsonAsync("/api/manage/comments/bulk", tooMany)).AssertProblemAsync(400);
    }

    [Fact]
    public async Task Readers_see_replies_threaded_oldest_first()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var parent = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Parent.")))["id"]!;
        await _maintainer.ModerateAsync(entry, parent, "pending", "approved");
        var reply = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Reply.", parentId: parent)))["id"]!;
        var later = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Later top-level.")))["id"]!;
        await _maintainer.ModerateAsync(entry, later, "pending", "approved");
        await _maintainer.ModerateAsync(entry, reply, "pending", "approved");

        var comments = await _reader.PublicCommentsAsync(entry);

        Assert.Equal([parent, reply, later], comments.Select(c => (string)c["id"]!));
        Assert.Equal(parent, (string?)comments[1]["parentId"]);
        Assert.Null((string?)comments[0]["parentId"]);
    }

    [Fact]
    public async Task A_filled_honeypot_is_answered_like_a_held_comment_but_filed_as_spam()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var comment = Discussion.Comment("Buy now.");
        comment["subject"] = "I am a bot";

        var receipt = await _reader.PostCommentOkAsync(entry, comment);

        Assert.Equal("pending", (string?)receipt["status"]);
        var id = (string)receipt["id"]!;
        Assert.Null(await _maintainer.FindInQueueAsync("pending", id));
        var spam = await _maintainer.FindInQueueAsync("spam", id);
        Assert.Equal("the hidden honeypot field was filled in", (string?)spam!["heldBecause"]);
    }

    [Fact]
    public async Task The_commenter_alone_can_withdraw_a_comment_with_its_token()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var receipt = await _reader.PostCommentOkAsync(entry, Discussion.Comment());
        var id = (string)receipt["id"]!;
        await _maintainer.ModerateAsync(entry, id, "pending", "approved");

        await (await _reader.DeleteAsync($"/api/resources/{entry}/comments/{id}")).AssertProblemAsync(401);
        using var wrong = new HttpRequestMessage(HttpMethod.Delete, $"/api/resources/{entry}/comments/{id}");
        wrong.Headers.Authorization = new("Withdraw", "not-the-token");
        await (await _reader.SendAsync(wrong)).AssertProblemAsync(403);
        Assert.Single(await _reader.PublicCommentsAsync(entry));

        using var withdraw = new HttpRequestMessage(HttpMethod.Delete, $"/api/resources/{entry}/comments/{id}");
        withdraw.Headers.Authorization = new("Withdraw", (string)receipt["withdrawToken"]!);
        using var withdrawn = await _reader.SendAsync(withdraw);

        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        Assert.Null(await _maintainer.FindInQueueAsync("approved", id));
        await _reader.AssertCountMatchesAsync(entry, category);
    }

    [Fact]
    public async Task Every_moderation_decision_is_in_the_audit_log_with_the_key_name_and_the_rule()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment()))["id"]!;
        await _maintainer.ModerateAsync(entry, id, "pending", "approved");

        var log = (await _maintainer.GetJsonAsync("/api/manage/audit?limit=100"))["items"]!.AsArray();

        var decision = log.Single(item => (string?)item!["commentId"] == id && (string?)item["action"] == "status-changed")!;
        Assert.Equal(HubServer.ModeratorName, (string?)decision["actor"]);
        Assert.Equal("pending", (string?)decision["fromStatus"]);
        Assert.Equal("approved", (string?)decision["toStatus"]);
        Assert.Equal("every comment is held for approval", (string?)decision["rule"]);
        var submitted = log.Single(item => (string?)item!["commentId"] == id && (string?)item["action"] == "submitted")!;
        Assert.Equal("commenter", (string?)submitted["actor"]);
        await (await _reader.GetAsync("/api/manage/audit")).AssertProblemAsync(401);
    }

    [Fact]
    public async Task Personal_data_is_exported_and_erased_by_email_address()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var email = $"erase-{Guid.NewGuid():N}@example.org";
        var kept = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Someone else.")))["id"]!;
        var first = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Mine, approved.", email: email)))["id"]!;
        await WithoutFloodLimitAsync(() => _reader.PostCommentOkAsync(entry, Discussion.Comment("Mine, pending.", email: email.ToUpperInvariant())));
        await _maintainer.ModerateAsync(entry, first, "pending", "approved");
        await _maintainer.ModerateAsync(entry, kept, "pending", "approved");

        using var export = await _maintainer.PostAsJsonAsync("/api/manage/personal-data/export", new { email });
        var exported = (await export.JsonAsync())["comments"]!.AsArray();
        Assert.Equal(["Mine, approved.", "Mine, pending."], exported.Select(c => (string)c!["content"]!));

        using var erase = await _maintainer.PostAsJsonAsync("/api/manage/personal-data/erase", new { email = email.ToUpperInvariant() });
        Assert.Equal(2, (int)(await erase.JsonAsync())["erased"]!);

        Assert.Equal([kept], (await _reader.PublicCommentsAsync(entry)).Select(c => (string)c["id"]!));
        await _reader.AssertCountMatchesAsync(entry, category);
        using var after = await _maintainer.PostAsJsonAsync("/api/manage/personal-data/export", new { email });
        Assert.Empty((await after.JsonAsync())["comments"]!.AsArray());
        await (await _maintainer.PostAsJsonAsync("/api/manage/personal-data/export", new { email = "nope" })).AssertProblemAsync(400);
    }

    [Fact]
    public async Task The_queue_lists_newest_first_and_pages_with_a_cursor()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment($"Queued {i}.")))["id"]!);
        }

        var first = await _maintainer.GetJsonAsync("/api/manage/comments?status=pending&limit=1");
        Assert.Equal(ids[^1], (string?)first["items"]![0]!["id"]);
        var second = await _maintainer.GetJsonAsync("/api/manage/comments?status=pending&limit=1&cursor=" + Uri.EscapeDataString((string)first["nextCursor"]!));
        Assert.Equal(ids[^2], (string?)second["items"]![0]!["id"]);
        var counts = await _maintainer.GetJsonAsync("/api/manage/comments/counts");
        Assert.True((int)counts["pending"]! >= 3);
        Assert.Equal(["approved", "pending", "spam", "trash"], counts.Select(p => p.Key).Order(StringComparer.Ordinal));
        var bad = await (await _maintainer.GetAsync("/api/manage/comments?status=everything")).AssertProblemAsync(400);
        Assert.Equal(["status"], bad.ErrorFields());
    }

    [Fact]
    public async Task Deleting_an_entry_deletes_its_comments_and_empties_them_from_the_queue()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var approved = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Approved.")))["id"]!;
        await _maintainer.ModerateAsync(entry, approved, "pending", "approved");
        var pending = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Pending.")))["id"]!;

        using var deleted = await _maintainer.DeleteAsync($"/api/manage/resources/{entry}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(await _maintainer.FindInQueueAsync("pending", pending));
        Assert.Null(await _maintainer.FindInQueueAsync("approved", approved));
        await _maintainer.PutOkAsync(entry, Entries.Draft(category, "The same id again"));
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        await _reader.AssertCountMatchesAsync(entry, category);
        Assert.Equal(0, (int)(await _reader.GetJsonAsync($"/api/resources/{entry}"))["commentCount"]!);
    }

    /// <summary>Runs a step with the flood interval off (the same email posting twice in a row), then restores the default.</summary>
    private async Task WithoutFloodLimitAsync(Func<Task> step)
    {
        (await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0 })).EnsureSuccessStatusCode();
        try
        {
            await step();
        }
        finally
        {
            (await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 15 })).EnsureSuccessStatusCode();
        }
    }

    private async Task<int> QueueSizeAsync()
    {
        var total = 0;
        foreach (var status in new[] { "pending", "approved", "spam", "trash" })
        {
            string? cursor = null;
            do
            {
                var page = await _maintainer.GetJsonAsync($"/api/manage/comments?status={status}&limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
                total += page["items"]!.AsArray().Count;
                cursor = (string?)page["nextCursor"];
            }
            while (cursor is not null);
        }

        return total;
    }
}
