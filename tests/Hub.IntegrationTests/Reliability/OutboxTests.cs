using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Hub.Core.FollowUps;
using Hub.Core.Moderators;
using Hub.Core.Storage;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// The one outbox every write goes through: a lost commit answer is never a 503 for a committed
/// change, whatever the write; entry saves are audited with their moderator; a personal-data
/// request finds a comment whose follow-up has not run yet; and follow-ups of one entry, run at
/// once or in any order, leave what running them one after the other leaves.
/// </summary>
public sealed class OutboxTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();
    private readonly HttpClient _site = Clients.From(hub.SiteAddress, Clients.NewAddress());

    public static TheoryData<string> Writes => ["entry-create", "entry-save", "entry-delete", "settings", "moderator-add", "moderator-revoke"];

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_whose_commit_answer_is_lost_is_answered_as_done_because_it_committed(string write)
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var moderator = "lost-" + Guid.NewGuid().ToString("N")[..8];
        if (write == "moderator-revoke")
        {
            await hub.AddModeratorAsync(moderator);
        }

        var table = write switch
        {
            "settings" => HubTables.Settings,
            "moderator-add" or "moderator-revoke" => HubTables.Moderators,
            _ => HubTables.Resources,
        };
        hub.Probe.LoseAnswerOfNext(message => StorageProbe.IsTransactionOn(message, table));
        var fresh = Entries.NewId();
        var done = write switch
        {
            "entry-create" => (await _maintainer.PutAsync(fresh, Entries.Draft(category, "Created, answer lost"))).StatusCode == HttpStatusCode.Created,
            "entry-save" => (await _maintainer.PutAsync(entry, Entries.Draft(category, "Saved, answer lost"))).StatusCode == HttpStatusCode.OK,
            "entry-delete" => (await _maintainer.DeleteAsync($"/api/manage/resources/{entry}")).StatusCode == HttpStatusCode.NoContent,
            "settings" => (await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { linkLimit = 3 })).StatusCode == HttpStatusCode.OK,
            "moderator-add" => await hub.Services.GetRequiredService<ModeratorStore>().AddAsync(moderator, "test", CancellationToken.None) is not null,
            _ => await hub.Services.GetRequiredService<ModeratorStore>().RevokeAsync(moderator, "test", CancellationToken.None),
        };

        Assert.False(hub.Probe.LosingAnswer, "the commit's answer was lost");
        Assert.True(done, $"{write}: a committed change answered as failed");
        await hub.FinishFollowUpsAsync();
        var (action, subject) = write switch
        {
            "entry-create" => ("entry-created", fresh),
            "entry-save" => ("entry-saved", entry),
            "entry-delete" => ("entry-deleted", entry),
            "settings" => ("settings-changed", ""),
            "moderator-add" => ("moderator-added", moderator),
            _ => ("moderator-revoked", moderator),
        };
        var audited = (await AuditAsync()).Where(row => (string?)row["action"] == action && ((string?)row["entryId"] == subject || (string?)row["rule"] == subject || subject.Length == 0));
        Assert.NotEmpty(audited);
        if (write.StartsWith("entry", StringComparison.Ordinal))
        {
            var page = await _site.GetAsync($"/entries/{(write == "entry-create" ? fresh : entry)}/");
            Assert.Equal(write == "entry-delete" ? HttpStatusCode.NotFound : HttpStatusCode.OK, page.StatusCode);
        }
    }

    [Fact]
    public async Task Entry_saves_are_in_the_audit_log_with_their_moderator_and_what_changed()
    {
        var category = Entries.NewCategory();
        var id = Entries.NewId();
        await _maintainer.PutOkAsync(id, Entries.Draft(category, "First title"));
        await _maintainer.PutOkAsync(id, Entries.Draft(category, "Second title", "2024-06-01"));

        var rows = (await AuditAsync()).Where(row => (string?)row["entryId"] == id).ToList();
        var created = Assert.Single(rows, row => (string?)row["action"] == "entry-created");
        Assert.Equal(HubServer.ModeratorName, (string?)created["actor"]);
        var saved = Assert.Single(rows, row => (string?)row["action"] == "entry-saved");
        Assert.Equal(HubServer.ModeratorName, (string?)saved["actor"]);
        Assert.Equal("title, publishedOn", (string?)saved["rule"]);
    }

    /// <summary>With the flood interval (one post an interval) and without it (two posts at once by one author: the author's row lists both).</summary>
    [Theory]
    [InlineData("erase", 15)]
    [InlineData("export", 15)]
    [InlineData("erase", 0)]
    [InlineData("export", 0)]
    public async Task A_personal_data_request_straight_after_a_post_finds_that_post(string request, int floodIntervalSeconds)
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var email = $"at-once-{Guid.NewGuid():N}@example.org";
        (await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds })).EnsureSuccessStatusCode();
        hub.FollowUpsAfterEachWrite = false;
        try
        {
            var posts = floodIntervalSeconds == 0
                ? await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Clients.From(hub.BaseAddress, Clients.NewAddress()).PostCommentOkAsync(entry, Discussion.Comment($"Posted, then erased at once ({i}).", email: email))))
                : [await _reader.PostCommentOkAsync(entry, Discussion.Comment("Posted, then erased at once.", email: email))];
            var ids = posts.Select(posted => (string)posted["id"]!).ToList();

            // Their follow-ups (which file them in the author index) have not run.
            using var answer = await _maintainer.PostAsJsonAsync($"/api/manage/personal-data/{request}", new { email });
            answer.EnsureSuccessStatusCode();
            var body = await answer.JsonAsync();
            if (request == "erase")
            {
                Assert.Equal(ids.Count, (int)body["erased"]!);
                await hub.RunQueuesAsync();
                foreach (var id in ids)
                {
                    Assert.Null(await _maintainer.FindInQueueAsync("pending", id));
                    Assert.DoesNotContain(await RowsAsync(HubTables.Comments, entry), row => row.RowKey == $"c|{id}");
                }
            }
            else
            {
                Assert.Equal(ids.Order(), body["comments"]!.AsArray().Select(comment => (string)comment!["id"]!).Order());
            }
        }
        finally
        {
            hub.FollowUpsAfterEachWrite = true;
            await hub.RunQueuesAsync();
            (await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 15 })).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Every order of three follow-ups (by their index), and all three at once.</summary>
    public static TheoryData<string> Orders => ["0,1,2", "0,2,1", "1,0,2", "1,2,0", "2,0,1", "2,1,0", "together"];

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task An_entry_saved_commented_on_and_deleted_within_a_second_leaves_no_queue_row_whatever_order_its_follow_ups_run_in(string order)
    {
        var category = Entries.NewCategory();
        var entry = Entries.NewId();
        var followUps = await WithoutFollowUpsAsync(async () =>
        {
            await _maintainer.PutOkAsync(entry, Entries.Draft(category, "Gone in a second"));
            await _reader.PostCommentOkAsync(entry, Discussion.Comment("Posted before the entry went."));
            (await _maintainer.DeleteAsync($"/api/manage/resources/{entry}")).EnsureSuccessStatusCode();
        });

        Assert.Equal(3, followUps.Count);
        await RunAsync(followUps, order);

        var moderation = await RowsAsync(HubTables.Moderation, "moderation");
        Assert.DoesNotContain(moderation, row => row.RowKey.StartsWith("q|", StringComparison.Ordinal) && row.GetString("EntryId") == entry);
        Assert.DoesNotContain(await RowsAsync(HubTables.Comments, entry), row => row.RowKey.StartsWith("c|", StringComparison.Ordinal));
        await AssertCountsAreTheRowsAsync(moderation);
    }

    public static TheoryData<string> PairOrders => ["0,1", "1,0", "together"];

    [Theory]
    [MemberData(nameof(PairOrders))]
    public async Task An_approval_and_a_withdrawal_of_one_comment_leave_it_gone_whatever_order_their_follow_ups_run_in(string order)
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var posted = await _reader.PostCommentOkAsync(entry, Discussion.Comment("Approved, then withdrawn."));
        var id = (string)posted["id"]!;
        var etag = (string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!;
        var followUps = await WithoutFollowUpsAsync(async () =>
        {
            (await _maintainer.SetStatusAsync(entry, id, "approved", etag)).EnsureSuccessStatusCode();
            using var withdraw = new HttpRequestMessage(HttpMethod.Delete, $"/api/resources/{entry}/comments/{id}");
            withdraw.Headers.TryAddWithoutValidation("Authorization", "Withdraw " + (string)posted["withdrawToken"]!);
            (await _reader.SendAsync(withdraw)).EnsureSuccessStatusCode();
        });

        await RunAsync(followUps, order);

        var moderation = await RowsAsync(HubTables.Moderation, "moderation");
        Assert.DoesNotContain(moderation, row => row.RowKey.StartsWith("q|", StringComparison.Ordinal) && row.GetString("CommentId") == id);
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        await _reader.AssertCountMatchesAsync(entry, category);
        Assert.DoesNotContain($"comment-{id}", await _site.GetStringAsync($"/entries/{entry}/"), StringComparison.Ordinal);
        await AssertCountsAreTheRowsAsync(moderation);
    }

    [Theory]
    [MemberData(nameof(PairOrders))]
    public async Task Two_approvals_on_one_entry_show_both_whatever_order_their_follow_ups_run_in(string order)
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var ids = new List<string>();
        foreach (var text in new[] { "The first to be approved.", "The second to be approved." })
        {
            ids.Add((string)(await Clients.From(hub.BaseAddress, Clients.NewAddress()).PostCommentOkAsync(entry, Discussion.Comment(text)))["id"]!);
        }

        var etags = new List<string>();
        foreach (var id in ids)
        {
            etags.Add((string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!);
        }

        var followUps = await WithoutFollowUpsAsync(async () =>
        {
            for (var i = 0; i < ids.Count; i++)
            {
                (await _maintainer.SetStatusAsync(entry, ids[i], "approved", etags[i])).EnsureSuccessStatusCode();
            }
        });

        await RunAsync(followUps, order);

        Assert.Equal(ids.Order(), (await _reader.PublicCommentsAsync(entry)).Select(comment => (string)comment["id"]!).Order());
        await _reader.AssertCountMatchesAsync(entry, category);
        var page = await _site.GetStringAsync($"/entries/{entry}/");
        Assert.All(ids, id => Assert.Contains($"comment-{id}", page, StringComparison.Ordinal));
        Assert.All(ids, id => Assert.NotNull(_maintainer.FindInQueueAsync("approved", id).Result));
        await AssertCountsAreTheRowsAsync(await RowsAsync(HubTables.Moderation, "moderation"));
    }

    /// <summary>Makes the writes with no follow-up run, and returns the follow-ups they started, oldest first.</summary>
    private async Task<IReadOnlyList<FollowUpAddress>> WithoutFollowUpsAsync(Func<Task> writes)
    {
        await hub.FinishFollowUpsAsync();
        hub.FollowUpsAfterEachWrite = false;
        try
        {
            await writes();
        }
        finally
        {
            hub.FollowUpsAfterEachWrite = true;
        }

        return [.. hub.Services.GetRequiredService<StartedFollowUps>().Snapshot().Select(started => started.Address)];
    }

    /// <summary>Finishes the follow-ups in the order given by their indexes, or all at once; then lets their messages (which find nothing left) go.</summary>
    private async Task RunAsync(IReadOnlyList<FollowUpAddress> followUps, string order)
    {
        var processor = hub.Services.GetRequiredService<FollowUpProcessor>();
        if (order == "together")
        {
            await Task.WhenAll(followUps.Select(address => Task.Run(() => processor.FinishAsync(address, CancellationToken.None))));
        }
        else
        {
            foreach (var index in order.Split(',').Select(int.Parse))
            {
                await processor.FinishAsync(followUps[index], CancellationToken.None);
            }
        }

        await hub.RunQueuesAsync();
        Assert.Equal(0, await hub.FinishFollowUpsAsync());
    }

    private async Task AssertCountsAreTheRowsAsync(IReadOnlyList<TableEntity> moderation)
    {
        var counts = await _maintainer.GetJsonAsync("/api/manage/comments/counts");
        var queued = moderation.Where(row => row.RowKey.StartsWith("q|", StringComparison.Ordinal)).ToList();
        foreach (var status in new[] { "pending", "approved", "spam", "trash" })
        {
            Assert.True(queued.Count(row => row.GetString("Status") == status) == (int)counts[status]!, $"the {status} count");
        }
    }

    private async Task<List<JsonNode>> AuditAsync()
        => [.. (await _maintainer.GetJsonAsync("/api/manage/audit?limit=100"))["items"]!.AsArray().Select(row => row!)];

    private async Task<List<TableEntity>> RowsAsync(string table, string partition)
    {
        var rows = new List<TableEntity>();
        var storage = new TableServiceClient(hub.Storage.ConnectionString);
        await foreach (var row in storage.GetTableClient(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows.Add(row);
        }

        return rows;
    }
}
