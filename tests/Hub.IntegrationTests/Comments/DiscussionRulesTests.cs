using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hub.Testing;

namespace Hub.IntegrationTests.Comments;

/// <summary>
/// The discussion rules as a moderator tunes them. Settings are global, so each test starts a
/// hub of its own.
/// </summary>
public sealed class DiscussionRulesTests : IAsyncLifetime
{
    private readonly HubServer _hub = new();
    private HttpClient _reader = null!;
    private HttpClient _maintainer = null!;

    public async Task InitializeAsync()
    {
        await _hub.InitializeAsync();
        _reader = _hub.Reader();
        _maintainer = _hub.Maintainer();
    }

    public Task DisposeAsync() => _hub.DisposeAsync();

    private async Task<JsonObject> SetRulesAsync(Action<JsonObject> change)
    {
        var rules = await _maintainer.GetJsonAsync("/api/manage/settings");
        change(rules);
        using var response = await _maintainer.PutAsJsonAsync("/api/manage/settings", rules);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task The_defaults_are_wordpress_with_every_comment_held()
    {
        var rules = await _maintainer.GetJsonAsync("/api/manage/settings");

        Assert.True((bool)rules["holdAllComments"]!);
        Assert.True((bool)rules["approveKnownAuthors"]!);
        Assert.Equal(2, (int)rules["linkLimit"]!);
        Assert.True((bool)rules["requireNameAndEmail"]!);
        Assert.Equal(5, (int)rules["maxThreadDepth"]!);
        Assert.Equal(0, (int)rules["closeAfterDays"]!);
        Assert.Equal(15, (int)rules["floodIntervalSeconds"]!);
        Assert.Equal(5000, (int)rules["maxCommentLength"]!);
        await (await _reader.GetAsync("/api/manage/settings")).AssertProblemAsync(401);
    }

    [Fact]
    public async Task A_patch_changes_only_what_it_names()
    {
        await SetRulesAsync(rules => rules["maxThreadDepth"] = 3);

        using var response = await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var rules = await _maintainer.GetJsonAsync("/api/manage/settings");
        Assert.Equal(0, (int)rules["floodIntervalSeconds"]!);
        Assert.True((bool)rules["holdAllComments"]!);
        Assert.Equal(3, (int)rules["maxThreadDepth"]!);
        Assert.Equal(5000, (int)rules["maxCommentLength"]!);
        await SetRulesAsync(rules => rules["maxThreadDepth"] = 5);
    }

    [Fact]
    public async Task A_put_missing_or_misspelling_a_setting_is_refused_naming_it_and_resets_nothing()
    {
        await SetRulesAsync(rules => rules["linkLimit"] = 7);
        var before = await _maintainer.GetStringAsync("/api/manage/settings");
        var misspelled = JsonNode.Parse(before)!.AsObject();
        misspelled.Remove("holdAllComments");
        misspelled["holdAllComents"] = false;

        var empty = await (await _maintainer.PutAsJsonAsync("/api/manage/settings", new { })).AssertProblemAsync(400);
        var typo = await (await _maintainer.PutAsJsonAsync("/api/manage/settings", misspelled)).AssertProblemAsync(400);
        var patchTypo = await (await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { linkLimt = 0 })).AssertProblemAsync(400);
        var wrongType = await (await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { linkLimit = "many", holdAllComments = (bool?)null })).AssertProblemAsync(400);

        Assert.Equal(13, empty.ErrorFields().Length); // every setting, each named
        Assert.Equal(["holdAllComents", "holdAllComments"], typo.ErrorFields());
        Assert.Equal(["linkLimt"], patchTypo.ErrorFields());
        Assert.Equal(["holdAllComments", "linkLimit"], wrongType.ErrorFields());
        Assert.Equal(before, await _maintainer.GetStringAsync("/api/manage/settings"));
        await SetRulesAsync(rules => rules["linkLimit"] = 2);
    }

    [Fact]
    public async Task Bad_settings_name_each_field_and_change_nothing()
    {
        var before = await _maintainer.GetStringAsync("/api/manage/settings");
        var bad = JsonNode.Parse(before)!.AsObject();
        bad["maxCommentLength"] = 40_000;
        bad["maxThreadDepth"] = 0;
        bad["linkLimit"] = -1;
        bad["floodIntervalSeconds"] = 99_999;

        var problem = await (await _maintainer.PutAsJsonAsync("/api/manage/settings", bad)).AssertProblemAsync(400);

        Assert.Equal(["floodIntervalSeconds", "linkLimit", "maxCommentLength", "maxThreadDepth"], problem.ErrorFields());
        Assert.Equal(before, await _maintainer.GetStringAsync("/api/manage/settings"));
    }

    [Fact]
    public async Task A_known_author_is_approved_at_once_when_holding_is_off()
    {
        await SetRulesAsync(rules =>
        {
            rules["holdAllComments"] = false;
            rules["floodIntervalSeconds"] = 0; // the same email posts three times in a row
        });
        var (entry, category) = await _maintainer.NewEntryAsync();
        var email = $"known-{Guid.NewGuid():N}@example.org";

        var first = await _reader.PostCommentOkAsync(entry, Discussion.Comment("First.", "Lin", email));
        var queued = await _maintainer.FindInQueueAsync("pending", (string)first["id"]!);
        Assert.Equal("first comment from this name and email", (string?)queued!["heldBecause"]);
        await _maintainer.ModerateAsync(entry, (string)first["id"]!, "pending", "approved");

        var second = await _reader.PostCommentOkAsync(entry, Discussion.Comment("Second.", "Lin", email.ToUpperInvariant()), expectedStatus: 201);
        Assert.Equal("approved", (string?)second["status"]);
        Assert.Equal("Second.", (string?)second["content"]);
        Assert.Equal(2, (await _reader.PublicCommentsAsync(entry)).Count);
        await _reader.AssertCountMatchesAsync(entry, category);

        var otherName = await _reader.PostCommentOkAsync(entry, Discussion.Comment("Third.", "Someone else", email));
        Assert.Equal("pending", (string?)otherName["status"]);
    }

    [Fact]
    public async Task Links_and_moderation_words_hold_and_disallowed_words_trash()
    {
        await SetRulesAsync(rules =>
        {
            rules["holdAllComments"] = false;
            rules["approveKnownAuthors"] = false;
            rules["moderationWords"] = "palantir\n  contract  ";
            rules["disallowedWords"] = "casino";
        });
        var (entry, _) = await _maintainer.NewEntryAsync();

        await _reader.PostCommentOkAsync(entry, Discussion.Comment("Plain words."), expectedStatus: 201);
        var links = await _reader.PostCommentOkAsync(entry, Discussion.Comment("See https://a.example and www.b.example"));
        var word = await _reader.PostCommentOkAsync(entry, Discussion.Comment("The CONTRACT was signed."));
        var inName = await _reader.PostCommentOkAsync(entry, Discussion.Comment("Fine text.", name: "Palantir fan"));
        var banned = await _reader.PostCommentOkAsync(entry, Discussion.Comment("Visit my Casino."));

        Assert.Equal("2 links (held at 2 or more)", (string?)(await _maintainer.FindInQueueAsync("pending", (string)links["id"]!))!["heldBecause"]);
        Assert.Equal("moderation word \"contract\"", (string?)(await _maintainer.FindInQueueAsync("pending", (string)word["id"]!))!["heldBecause"]);
        Assert.Equal("moderation word \"palantir\"", (string?)(await _maintainer.FindInQueueAsync("pending", (string)inName["id"]!))!["heldBecause"]);
        Assert.Equal("pending", (string?)banned["status"]);
        Assert.Equal("disallowed word \"casino\"", (string?)(await _maintainer.FindInQueueAsync("trash", (string)banned["id"]!))!["heldBecause"]);
        Assert.Single(await _reader.PublicCommentsAsync(entry));
    }

    /// <summary>Two full word lists, in a script JSON escapes, are kept whole (they once overflowed the one property the rules were stored in: a 500).</summary>
    [Fact]
    public async Task Both_word_lists_at_their_longest_are_kept_whole()
    {
        var moderation = string.Concat(Enumerable.Repeat("监控\n", 20_000 / 3)).PadRight(20_000, 'x');
        var disallowed = string.Concat(Enumerable.Repeat("\u0001\"", 10_000));
        await SetRulesAsync(rules =>
        {
            rules["moderationWords"] = moderation;
            rules["disallowedWords"] = disallowed;
        });

        var stored = await _maintainer.GetJsonAsync("/api/manage/settings");
        Assert.Equal(moderation, (string?)stored["moderationWords"]);
        Assert.Equal(disallowed, (string?)stored["disallowedWords"]);
        await SetRulesAsync(rules =>
        {
            rules["moderationWords"] = "";
            rules["disallowedWords"] = "";
        });
    }

    [Fact]
    public async Task Comments_close_on_entries_older_than_the_limit()
    {
        await SetRulesAsync(rules => rules["closeAfterDays"] = 30);
        var category = Entries.NewCategory();
        await _maintainer.PutOkAsync("old-" + category, Entries.Draft(category, publishedOn: "2019-02-14"));
        await _maintainer.PutOkAsync("new-" + category, Entries.Draft(category, publishedOn: DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

        await (await _reader.PostCommentAsync("old-" + category, Discussion.Comment())).AssertProblemAsync(403);
        await _reader.PostCommentOkAsync("new-" + category, Discussion.Comment());
    }

    [Fact]
    public async Task Replies_nest_only_as_deep_as_the_setting_allows()
    {
        await SetRulesAsync(rules => rules["maxThreadDepth"] = 2);
        var (entry, _) = await _maintainer.NewEntryAsync();
        var top = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Top.")))["id"]!;
        await _maintainer.ModerateAsync(entry, top, "pending", "approved");
        var reply = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Reply.", parentId: top)))["id"]!;
        await _maintainer.ModerateAsync(entry, reply, "pending", "approved");

        var problem = await (await _reader.PostCommentAsync(entry, Discussion.Comment("Too deep.", parentId: reply))).AssertProblemAsync(400);

        Assert.Equal(["parentId"], problem.ErrorFields());
    }

    [Fact]
    public async Task The_length_limit_and_the_flood_interval_follow_the_settings()
    {
        await SetRulesAsync(rules =>
        {
            rules["maxCommentLength"] = 10;
            rules["floodIntervalSeconds"] = 0;
        });
        var (entry, _) = await _maintainer.NewEntryAsync();
        var address = Discussion.NewClientAddress();

        await (await _reader.PostCommentAsync(entry, Discussion.Comment("Eleven char"), address)).AssertProblemAsync(413);
        Assert.Equal(HttpStatusCode.Accepted, (await _reader.PostCommentAsync(entry, Discussion.Comment("Ten chars."), address)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _reader.PostCommentAsync(entry, Discussion.Comment("Again now."), address)).StatusCode);
    }

    [Fact]
    public async Task Name_and_email_may_be_made_optional()
    {
        await SetRulesAsync(rules => rules["requireNameAndEmail"] = false);
        var (entry, _) = await _maintainer.NewEntryAsync();

        await _reader.PostCommentOkAsync(entry, new JsonObject { ["content"] = "Anonymous note." });
    }
}
