using System.Net;
using System.Net.Http.Json;
using Hub.Testing;

namespace Hub.IntegrationTests.Reliability;

/// <summary>Races run for real: requests released together against Azurite, each from a client of its own.</summary>
public sealed class RaceTests(HubServer hub) : IClassFixture<HubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    /// <summary>Starts every request at once, each on a client (a connection) of its own, and returns the answers.</summary>
    private static async Task<HttpStatusCode[]> TogetherAsync(int count, Func<int, Task<HttpStatusCode>> send)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = Enumerable.Range(0, count).Select(async n =>
        {
            await start.Task;
            return await send(n);
        }).ToArray();
        start.SetResult();
        return await Task.WhenAll(sends);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Moderators_racing_on_one_comment_leave_it_in_exactly_one_queue(int round)
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment($"Contested, round {round}.")))["id"]!;
        var etag = (string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!;

        var answers = await TogetherAsync(40, async _ =>
        {
            using var moderator = hub.Maintainer();
            using var answer = await moderator.SetStatusAsync(entry, id, "approved", etag);
            return answer.StatusCode;
        });

        Assert.Single(answers, status => status == HttpStatusCode.OK);
        Assert.All(answers.Where(status => status != HttpStatusCode.OK), status => Assert.Equal(HttpStatusCode.PreconditionFailed, status));
        Assert.NotNull(await _maintainer.FindInQueueAsync("approved", id));
        Assert.Null(await _maintainer.FindInQueueAsync("pending", id));
        await _reader.AssertCountMatchesAsync(entry, category);
        var moved = await _maintainer.ModerateAsync(entry, id, "approved", "trash");
        Assert.Equal("trash", (string?)moved["status"]);
    }

    [Fact]
    public async Task One_client_posting_many_times_at_once_gets_one_comment_through()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var address = Clients.NewAddress();

        var answers = await TogetherAsync(20, async n =>
        {
            using var answer = await _reader.PostCommentAsync(entry, Discussion.Comment($"Burst {n}."), address);
            return answer.StatusCode;
        });

        Assert.Single(answers, status => status == HttpStatusCode.Accepted);
        Assert.All(answers.Where(status => status != HttpStatusCode.Accepted), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        Assert.Single((await _maintainer.GetJsonAsync("/api/manage/comments?status=pending&limit=100"))["items"]!.AsArray(), item => (string?)item!["entryId"] == entry);
    }

    [Fact]
    public async Task Approving_many_comments_of_one_entry_at_once_never_fails_and_keeps_the_count()
    {
        var (entry, category) = await _maintainer.NewEntryAsync();
        var ids = new List<string>();
        for (var n = 0; n < 30; n++)
        {
            ids.Add((string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment($"Comment {n}.")))["id"]!);
        }

        var etags = new Dictionary<string, string>();
        foreach (var id in ids)
        {
            etags[id] = (string)(await _maintainer.FindInQueueAsync("pending", id))!["etag"]!;
        }

        var answers = await TogetherAsync(ids.Count, async n =>
        {
            using var moderator = hub.Maintainer();
            using var answer = await moderator.SetStatusAsync(entry, ids[n], "approved", etags[ids[n]]);
            return answer.StatusCode;
        });

        // Nothing in an approval's request contends with another's: the count is its follow-up's.
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(ids.Count, (await _reader.PublicCommentsAsync(entry)).Count);
        await _reader.AssertCountMatchesAsync(entry, category);
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_stores_one_comment_and_answers_the_same()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var key = Guid.NewGuid().ToString();
        var comment = Discussion.Comment("Sent from a train.");

        var answers = new List<string>();
        foreach (var attempt in new[] { Clients.NewAddress(), Clients.NewAddress(), Clients.NewAddress() })
        {
            using var client = Clients.From(hub.BaseAddress, attempt);
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/resources/{entry}/comments") { Content = JsonContent.Create(comment) };
            post.Headers.Add("Idempotency-Key", key);
            using var answer = await client.SendAsync(post);
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            answers.Add(await answer.Content.ReadAsStringAsync());
        }

        Assert.Single(answers.Distinct());
        Assert.Single((await _maintainer.GetJsonAsync("/api/manage/comments?status=pending&limit=100"))["items"]!.AsArray(), item => (string?)item!["entryId"] == entry);

        using var badKey = new HttpRequestMessage(HttpMethod.Post, $"/api/resources/{entry}/comments") { Content = JsonContent.Create(Discussion.Comment("Other.")) };
        badKey.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 300));
        var problem = await (await _reader.SendAsync(badKey)).AssertProblemAsync(400);
        Assert.Equal(["Idempotency-Key"], problem.ErrorFields());
    }
}
