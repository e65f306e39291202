using System.Text.Json.Nodes;
using Hub.Cli;
using Hub.IntegrationTests.Comments;
using Hub.IntegrationTests.Hosting;
using Hub.Testing;

namespace Hub.IntegrationTests.Search;

/// <summary>What a reader finds with <c>GET /api/resources?q=</c> in the sample entries, best first, and how odd input is answered.</summary>
public sealed class SampleSearchTests(SampleContentServer hub) : IClassFixture<SampleContentServer>
{
    [Theory]
    [InlineData("amazon ice", new[] { "amazon-rekognition", "amazon-largest-dhs-cloud-contractor", "aws-govcloud-cloud-industrial-complex" })]
    [InlineData("\"Gender Shades\"", new[] { "amazon-rekognition" })]
    [InlineData("recognizing", new[] { "amazon-rekognition" })]
    [InlineData("amazon -ice", new[] { "resist-amazon-hq2", "amazon-federal-authorizations", "jedi-cloud-contract" })]
    public async Task A_search_finds_the_entries_a_reader_expects_best_first(string text, string[] expected)
    {
        using var reader = hub.Reader();
        var found = await reader.GetJsonAsync("/api/resources?q=" + Uri.EscapeDataString(text));
        Assert.Equal(expected, Ids(found));
        Assert.Equal(expected.Length, (int)found["total"]!);
    }

    [Fact]
    public async Task Each_result_carries_a_snippet_with_its_matched_words_marked_and_the_counts_per_category()
    {
        using var reader = hub.Reader();
        var found = await reader.GetJsonAsync("/api/resources?q=%22gender+shades%22");
        var snippet = (string)found["items"]![0]!["snippet"]!;
        Assert.Contains("<mark>Gender</mark> <mark>Shades</mark>", snippet, StringComparison.Ordinal);
        Assert.All(SafeMarkup.Parse(snippet).QuerySelectorAll("*"), element => Assert.Equal("MARK", element.TagName));

        var amazon = await reader.GetJsonAsync("/api/resources?q=amazon&category=contracts");
        Assert.All(amazon["items"]!.AsArray(), item => Assert.Equal("contracts", (string)item!["category"]!));
        var counts = amazon["categories"]!.AsArray().ToDictionary(count => (string)count!["category"]!, count => (int)count!["count"]!);
        Assert.Equal(new Dictionary<string, int> { ["contracts"] = 3, ["surveillance"] = 2, ["campaigns"] = 1 }, counts);
    }

    [Fact]
    public async Task Pages_of_results_follow_each_other_by_cursor()
    {
        using var reader = hub.Reader();
        var all = Ids(await reader.GetJsonAsync("/api/resources?q=amazon"));
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await reader.GetJsonAsync("/api/resources?q=amazon&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            paged.AddRange(Ids(page));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.Equal(all, paged);
        Assert.Equal(6, paged.Count);
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("((( ]]] {{ ~~ ^^ :: \\\\ // AND OR NOT")]
    [InlineData("title:amazon OR")]
    [InlineData("*")]
    [InlineData("-")]
    [InlineData("\u0000\u202e\u200b😀")]
    public async Task Odd_syntax_is_searched_as_well_as_it_can_be_and_never_refused(string text)
    {
        using var reader = hub.Reader();
        using var answer = await reader.GetAsync("/api/resources?q=" + Uri.EscapeDataString(text));
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        Assert.NotNull((await answer.JsonAsync())["items"]);
    }

    [Fact]
    public async Task A_list_cursor_is_not_a_search_cursor()
    {
        using var reader = hub.Reader();
        var list = await reader.GetJsonAsync("/api/resources?limit=1");
        var problem = await (await reader.GetAsync("/api/resources?q=amazon&cursor=" + (string)list["nextCursor"]!)).AssertProblemAsync(400);
        Assert.Equal(["cursor"], problem.ErrorFields());
    }

    internal static List<string> Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(item => (string)item!["id"]!)];
}

/// <summary>
/// A change reaches search through its follow-up, with nobody running it on cue: on the instance
/// that did the follow-up, and on another instance over the same storage, which learns of it from
/// the change log.
/// </summary>
public sealed class SearchFollowUpTests(QueueRunningHubServer hub) : IClassFixture<QueueRunningHubServer>
{
    /// <summary>Far beyond the seconds it takes: a bound on the wait, not a measurement (the benchmark measures).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_entry_is_searchable_within_seconds_of_its_save_and_gone_within_seconds_of_its_deletion_on_every_instance()
    {
        hub.FollowUpsAfterEachWrite = false;
        await using var other = await HubServer.StartHostAsync(hub.Storage.ConnectionString, "");
        using var reader = hub.Reader();
        using var otherReader = Clients.From(other.ApiAddress, Clients.NewAddress());
        using var maintainer = hub.Maintainer();
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        Assert.Empty(SampleSearchTests.Ids(await otherReader.GetJsonAsync("/api/resources?q=" + word))); // the other instance holds the index already

        var id = Entries.NewId("searchable");
        var draft = Entries.Draft(Entries.NewCategory(), "A report on procurement");
        draft["body"] = $"Paragraphs of context.\n\nDeep in the body, the word {word} appears once.";
        await maintainer.PutOkAsync(id, draft);
        foreach (var client in new[] { reader, otherReader })
        {
            await EventuallyAsync(async () => SampleSearchTests.Ids(await client.GetJsonAsync($"/api/resources?q={word}&limit=5")) is [var found] && found == id);
        }

        using (var deleted = await maintainer.DeleteAsync($"/api/manage/resources/{id}"))
        {
            deleted.EnsureSuccessStatusCode();
        }

        foreach (var client in new[] { reader, otherReader })
        {
            await EventuallyAsync(async () => SampleSearchTests.Ids(await client.GetJsonAsync($"/api/resources?q={word}&limit=5")).Count == 0);
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> probe)
    {
        var until = DateTimeOffset.UtcNow + Patience;
        while (!await probe())
        {
            Assert.True(DateTimeOffset.UtcNow < until, $"Not so after {Patience.TotalSeconds} s");
            await Task.Delay(200);
        }
    }
}

/// <summary>Posts brought in from a WordPress export are found by any word of their bodies, however deep.</summary>
public sealed class ImportedPostSearchTests(HubServer hub) : IClassFixture<HubServer>, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"wordpress-search-{Guid.NewGuid():N}.xml");

    [Fact]
    public async Task A_word_deep_in_an_imported_posts_body_finds_it_with_a_snippet_around_the_word()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var export = new WordPressExport("Surveillance Watch");
        var filler = string.Concat(Enumerable.Repeat("<p>The council met again and the minutes were read aloud, item by item.</p>\n\n", 40));
        var words = new[] { "stingray", "geofence", "subpoenaed" };
        for (var i = 0; i < words.Length; i++)
        {
            export.Item($"Council minutes {i}", $"minutes-{tag}-{i}", $"<p>Opening paragraph {i}.</p>\n\n{filler}<p>Then the <em>{words[i]}{tag}</em> came up.</p>\n\n{filler}", date: $"2019-0{i + 1}-10 09:00:00");
        }

        await File.WriteAllTextAsync(_file, export.ToString());
        using var output = new StringWriter();
        using var errors = new StringWriter();
        Assert.Equal(0, await ImportCommand.RunAsync(new FileInfo(_file), false, CliServices.Build(hub.StorageSettings), output, errors, CancellationToken.None));
        await hub.RunQueuesAsync();

        using var reader = hub.Reader();
        for (var i = 0; i < words.Length; i++)
        {
            var found = await reader.GetJsonAsync($"/api/resources?q={words[i]}{tag}");
            var hit = Assert.Single(found["items"]!.AsArray())!;
            Assert.Equal($"Council minutes {i}", (string)hit["title"]!);
            var snippet = (string)hit["snippet"]!;
            Assert.Contains($"<mark>{words[i]}{tag}</mark>", snippet, StringComparison.Ordinal);
            Assert.StartsWith("… ", snippet, StringComparison.Ordinal);
            Assert.True(snippet.Length < 300, snippet);
        }
    }

    public void Dispose() => File.Delete(_file);
}
