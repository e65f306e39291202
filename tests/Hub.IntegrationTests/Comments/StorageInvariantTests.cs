using System.Net;
using Azure.Data.Tables;
using Hub.IntegrationTests.Fixture;

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

        hub.Faults.FailNext(FaultInjection.IsTransaction);
        using var approve = await _maintainer.SetStatusAsync(entry, id, "approved", etag);

        await approve.AssertProblemAsync(503);
        Assert.False(hub.Faults.Armed);
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        Assert.NotNull(await _maintainer.FindInQueueAsync("pending", id));
        Assert.Null(await _maintainer.FindInQueueAsync("approved", id));
        await _reader.AssertCountMatchesAsync(entry, category);

        // The moderator tries again, and it works.
        await _maintainer.ModerateAsync(entry, id, "pending", "approved");
        Assert.Single(await _reader.PublicCommentsAsync(entry));
    }

    [Fact]
    public async Task A_crash_after_unapproving_hides_the_comment_and_the_queue_shows_its_real_status()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment()))["id"]!;
        var approved = await _maintainer.ModerateAsync(entry, id, "pending", "approved");

        hub.Faults.FailNext(message => FaultInjection.IsDeleteFrom(message, "ModerationQueue"));
        using var unapprove = await _maintainer.SetStatusAsync(entry, id, "pending", (string)approved["etag"]!);

        await unapprove.AssertProblemAsync(503);
        Assert.False(hub.Faults.Armed);
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        Assert.NotNull(await _maintainer.FindInQueueAsync("pending", id));
        Assert.Null(await _maintainer.FindInQueueAsync("approved", id));
        await _reader.AssertCountMatchesAsync(entry, category);
    }

    [Fact]
    public async Task A_crash_while_storing_a_new_comment_leaves_no_trace_in_any_list()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var content = $"Lost {Guid.NewGuid():N}.";

        hub.Faults.FailNext(FaultInjection.IsTransaction);
        using var posted = await _reader.PostCommentAsync(entry, Discussion.Comment(content));

        await posted.AssertProblemAsync(503);
        var pending = await _maintainer.GetStringAsync("/api/manage/comments?status=pending&limit=100");
        Assert.DoesNotContain(content, pending, StringComparison.Ordinal);
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
        await _reader.AssertCountMatchesAsync(entry, category);
    }

    [Fact]
    public async Task No_address_is_stored_in_clear_and_the_email_only_in_the_comment_row()
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
                Assert.DoesNotContain(values, value => value.Contains(address, StringComparison.Ordinal));
                if (values.Any(value => value.Contains(email, StringComparison.OrdinalIgnoreCase)))
                {
                    holdingEmail.Add($"{table.Name}/{row.RowKey}");
                }
            }
        }

        Assert.Equal([$"Comments/c|{id}"], holdingEmail);
    }
}
