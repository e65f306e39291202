using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hub.Testing;

namespace Hub.IntegrationTests.Resources;

public sealed class ResourceApiTests(HubServer hub) : IClassFixture<HubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    [Fact]
    public async Task A_maintainer_creates_an_entry_and_readers_see_it()
    {
        var id = Entries.NewId();
        using var response = await _maintainer.PutAsync(id, Entries.Draft(Entries.NewCategory(), "Rekognition sold to police", tags: ["rekognition", "police"]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/resources/{id}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        var created = await response.JsonAsync();
        var read = await _reader.GetJsonAsync($"/api/resources/{id}");
        Assert.Equal(id, (string?)read["id"]);
        Assert.Equal("Rekognition sold to police", (string?)read["title"]);
        Assert.Equal("https://example.org/report", (string?)read["url"]);
        Assert.Equal("Example Publisher", (string?)read["source"]);
        Assert.Equal("2024-05-01", (string?)read["publishedOn"]);
        Assert.Equal(["rekognition", "police"], read["tags"]!.AsArray().Select(tag => (string)tag!));
        Assert.False((bool)read["featured"]!);
        Assert.Equal((string?)created["createdAt"], (string?)read["createdAt"]);
    }

    [Fact]
    public async Task Replacing_an_entry_keeps_its_creation_time_and_changes_its_content()
    {
        var id = Entries.NewId();
        var category = Entries.NewCategory();
        var created = await _maintainer.PutOkAsync(id, Entries.Draft(category, "First title"));

        var draft = Entries.Draft(category, "Second title");
        draft["featured"] = true;
        using var response = await _maintainer.PutAsync(id, draft);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await _reader.GetJsonAsync($"/api/resources/{id}");
        Assert.Equal("Second title", (string?)read["title"]);
        Assert.True((bool)read["featured"]!);
        Assert.Equal((string?)created["createdAt"], (string?)read["createdAt"]);
        Assert.True(DateTimeOffset.Parse((string)read["updatedAt"]!) >= DateTimeOffset.Parse((string)created["updatedAt"]!));
        Assert.Equal([id], await _reader.ListAllIdsAsync($"category={category}"));
    }

    [Fact]
    public async Task A_deleted_entry_is_gone()
    {
        var id = Entries.NewId();
        var category = Entries.NewCategory();
        await _maintainer.PutOkAsync(id, Entries.Draft(category));

        using var deleted = await _maintainer.DeleteAsync($"/api/manage/resources/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        await (await _reader.GetAsync($"/api/resources/{id}")).AssertProblemAsync(404);
        Assert.Empty(await _reader.ListAllIdsAsync($"category={category}"));
        await (await _maintainer.DeleteAsync($"/api/manage/resources/{id}")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task The_list_is_newest_first_with_undated_entries_last()
    {
        var category = Entries.NewCategory();
        await _maintainer.PutOkAsync("old-" + category, Entries.Draft(category, publishedOn: "2018-11-13"));
        await _maintainer.PutOkAsync("undated-" + category, Entries.Draft(category, publishedOn: null));
        await _maintainer.PutOkAsync("new-" + category, Entries.Draft(category, publishedOn: "2019-02-14"));

        var ids = await _reader.ListAllIdsAsync($"category={category}");

        Assert.Equal(["new-" + category, "old-" + category, "undated-" + category], ids);
    }

    [Fact]
    public async Task Changing_the_date_moves_the_entry_without_leaving_a_copy()
    {
        var category = Entries.NewCategory();
        await _maintainer.PutOkAsync("a-" + category, Entries.Draft(category, publishedOn: "2020-01-01"));
        await _maintainer.PutOkAsync("b-" + category, Entries.Draft(category, publishedOn: "2021-01-01"));

        await _maintainer.PutOkAsync("a-" + category, Entries.Draft(category, publishedOn: "2022-01-01"));

        Assert.Equal(["a-" + category, "b-" + category], await _reader.ListAllIdsAsync($"category={category}"));
    }

    [Fact]
    public async Task Tag_and_text_filters_narrow_the_list()
    {
        var category = Entries.NewCategory();
        await _maintainer.PutOkAsync("face-" + category, Entries.Draft(category, "Facial recognition at the border", tags: ["rekognition"]));
        await _maintainer.PutOkAsync("cloud-" + category, Entries.Draft(category, "GovCloud migration", tags: ["aws"]));
        var bySource = Entries.Draft(category, "Contract records", tags: ["foia"]);
        bySource["source"] = "The Intercept Archive";
        await _maintainer.PutOkAsync("records-" + category, bySource);

        Assert.Equal(["face-" + category], await _reader.ListAllIdsAsync($"category={category}&tag=rekognition"));
        Assert.Equal(["face-" + category], await _reader.ListAllIdsAsync($"category={category}&q=FACIAL"));
        Assert.Equal(["cloud-" + category], await _reader.ListAllIdsAsync($"category={category}&q=aws"));
        Assert.Equal(["records-" + category], await _reader.ListAllIdsAsync($"category={category}&q=intercept"));
        Assert.Empty(await _reader.ListAllIdsAsync($"category={category}&tag=aws&q=facial"));
    }

    [Fact]
    public async Task Paging_with_a_cursor_returns_every_entry_exactly_once()
    {
        var category = Entries.NewCategory();
        var expected = new List<string>();
        for (var day = 1; day <= 5; day++)
        {
            var id = $"day{day}-{category}";
            await _maintainer.PutOkAsync(id, Entries.Draft(category, publishedOn: $"2024-03-0{day}"));
            expected.Insert(0, id);
        }

        var first = await _reader.GetJsonAsync($"/api/resources?category={category}&limit=2");
        Assert.Equal(2, first["items"]!.AsArray().Count);
        Assert.NotNull((string?)first["nextCursor"]);
        Assert.Equal(expected, await _reader.ListAllIdsAsync($"category={category}&limit=2"));
        var exact = await _reader.GetJsonAsync($"/api/resources?category={category}&limit=5");
        Assert.Null((string?)exact["nextCursor"]);
    }

    public static TheoryData<string> BadIds() =>
    [
        "a%2Fb", "a%5Cb", "a%23b", "a%3Fb", "a%01b", "a%0Ab", "a%7Fb", "Upper", "under_score", "-leading", "double--hyphen",
        new string('a', 81),
    ];

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task A_bad_id_gets_400_on_every_route_and_changes_nothing(string id)
    {
        var category = Entries.NewCategory();

        var get = await (await _reader.GetAsync($"/api/resources/{id}")).AssertProblemAsync(400);
        var put = await (await _maintainer.PutAsync(id, Entries.Draft(category))).AssertProblemAsync(400);
        var delete = await (await _maintainer.DeleteAsync($"/api/manage/resources/{id}")).AssertProblemAsync(400);

        Assert.All(new[] { get, put, delete }, problem => Assert.Equal(["id"], problem.ErrorFields()));
        Assert.Empty(await _reader.ListAllIdsAsync($"category={category}"));
    }

    [Fact]
    public async Task An_unencoded_slash_makes_a_path_no_route_has_and_changes_nothing()
    {
        var category = Entries.NewCategory();

        await (await _reader.GetAsync("/api/resources/a/b")).AssertHostNotFoundAsync();
        await (await _maintainer.PutAsync("a/b", Entries.Draft(category))).AssertHostNotFoundAsync();
        await (await _maintainer.DeleteAsync("/api/manage/resources/a/b")).AssertHostNotFoundAsync();

        Assert.Empty(await _reader.ListAllIdsAsync($"category={category}"));
    }

    [Fact]
    public async Task An_id_of_80_characters_is_accepted()
    {
        var id = new string('z', 80);
        await _maintainer.PutOkAsync(id, Entries.Draft(Entries.NewCategory()));
        await _reader.GetJsonAsync($"/api/resources/{id}");
    }

    [Fact]
    public async Task A_null_character_in_an_id_is_refused_with_400()
    {
        using var response = await _reader.GetAsync("/api/resources/a%00b");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Validation_names_every_bad_field_and_stores_nothing()
    {
        var id = Entries.NewId();
        var draft = new JsonObject
        {
            ["title"] = "  ",
            ["summary"] = new string('s', 2001),
            ["url"] = "javascript:alert(1)",
            ["source"] = "line\nbreak",
            ["publishedOn"] = "14/02/2019",
            ["category"] = "Not A Slug",
            ["tags"] = new JsonArray("ok", "Bad Tag"),
            ["id"] = "another-id",
        };

        var problem = await (await _maintainer.PutAsync(id, draft)).AssertProblemAsync(400);

        Assert.Equal(["category", "id", "publishedOn", "source", "summary", "tags", "title", "url"], problem.ErrorFields());
        await (await _reader.GetAsync($"/api/resources/{id}")).AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("ftp://example.org/file")]
    [InlineData("/relative/path")]
    [InlineData("https://")]
    public async Task Only_absolute_http_and_https_urls_are_accepted(string url)
    {
        var draft = Entries.Draft(Entries.NewCategory());
        draft["url"] = url;
        var problem = await (await _maintainer.PutAsync(Entries.NewId(), draft)).AssertProblemAsync(400);
        Assert.Equal(["url"], problem.ErrorFields());
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415_and_malformed_json_gets_400()
    {
        var id = Entries.NewId();
        using var text = new StringContent("title=x", Encoding.UTF8, "text/plain");
        await (await _maintainer.PutAsync($"/api/manage/resources/{id}", text)).AssertProblemAsync(415);

        using var broken = new StringContent("{\"title\": ", Encoding.UTF8, "application/json");
        await (await _maintainer.PutAsync($"/api/manage/resources/{id}", broken)).AssertProblemAsync(400);

        using var wrongType = new StringContent("{\"title\": 42}", Encoding.UTF8, "application/json");
        await (await _maintainer.PutAsync($"/api/manage/resources/{id}", wrongType)).AssertProblemAsync(400);

        using var array = new StringContent("[]", Encoding.UTF8, "application/json");
        await (await _maintainer.PutAsync($"/api/manage/resources/{id}", array)).AssertProblemAsync(400);

        await (await _reader.GetAsync($"/api/resources/{id}")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task An_oversized_body_gets_413()
    {
        var id = Entries.NewId();
        var draft = Entries.Draft(Entries.NewCategory());
        draft["summary"] = new string('x', 270_000);
        await (await _maintainer.PutAsync(id, draft)).AssertProblemAsync(413);
        await (await _reader.GetAsync($"/api/resources/{id}")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Manage_routes_refuse_a_missing_or_wrong_secret_and_change_nothing()
    {
        var id = Entries.NewId();
        var category = Entries.NewCategory();
        await _maintainer.PutOkAsync(id, Entries.Draft(category, "Original"));
        using var intruder = hub.Moderator(HubServer.ModeratorName + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        using var withFunctionKey = hub.Reader();
        withFunctionKey.DefaultRequestHeaders.Add("x-functions-key", hub.ModeratorSecret);

        foreach (var client in new[] { _reader, intruder, withFunctionKey })
        {
            await (await client.PutAsync(id, Entries.Draft(category, "Changed"))).AssertProblemAsync(401);
            await (await client.PutAsync("other-" + id, Entries.Draft(category, "New"))).AssertProblemAsync(401);
            await (await client.DeleteAsync($"/api/manage/resources/{id}")).AssertProblemAsync(401);
        }

        await (await _reader.DeleteAsync($"/api/manage/resources/{id}?code={Uri.EscapeDataString(hub.ModeratorSecret)}")).AssertProblemAsync(401);
        var read = await _reader.GetJsonAsync($"/api/resources/{id}");
        Assert.Equal("Original", (string?)read["title"]);
        Assert.Equal([id], await _reader.ListAllIdsAsync($"category={category}"));
    }

    [Fact]
    public async Task A_stale_if_match_gets_412_and_the_newer_version_survives()
    {
        var id = Entries.NewId();
        var category = Entries.NewCategory();
        using var created = await _maintainer.PutAsync(id, Entries.Draft(category, "First"));
        var firstETag = created.Headers.ETag!;
        await _maintainer.PutOkAsync(id, Entries.Draft(category, "Second"));

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/manage/resources/{id}") { Content = JsonContent.Create(Entries.Draft(category, "Stale")) };
        stale.Headers.IfMatch.Add(firstETag);
        await (await _maintainer.SendAsync(stale)).AssertProblemAsync(412);

        using var staleDelete = new HttpRequestMessage(HttpMethod.Delete, $"/api/manage/resources/{id}");
        staleDelete.Headers.IfMatch.Add(firstETag);
        await (await _maintainer.SendAsync(staleDelete)).AssertProblemAsync(412);

        using var current = await _reader.GetAsync($"/api/resources/{id}");
        Assert.Equal("Second", (string?)(await current.JsonAsync())["title"]);
        using var fresh = new HttpRequestMessage(HttpMethod.Put, $"/api/manage/resources/{id}") { Content = JsonContent.Create(Entries.Draft(category, "Third")) };
        fresh.Headers.IfMatch.Add(current.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await _maintainer.SendAsync(fresh)).StatusCode);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=ZW50cnl8eA", "cursor")]
    [InlineData("category=Upper", "category")]
    [InlineData("tag=a%2Fb", "tag")]
    [InlineData("limit=1&limit=2", "limit")]
    public async Task A_bad_list_query_names_the_parameter(string query, string field)
    {
        var problem = await (await _reader.GetAsync("/api/resources?" + query)).AssertProblemAsync(400);
        Assert.Equal([field], problem.ErrorFields());
    }

    [Fact]
    public async Task A_search_longer_than_200_characters_is_refused()
    {
        var problem = await (await _reader.GetAsync("/api/resources?q=" + new string('q', 201))).AssertProblemAsync(400);
        Assert.Equal(["q"], problem.ErrorFields());
    }

    [Fact]
    public async Task An_unknown_api_path_or_method_gets_the_hosts_empty_404()
    {
        await (await _reader.GetAsync("/api/nothing-here")).AssertHostNotFoundAsync();
        await (await _reader.PostAsync("/api/resources", null)).AssertHostNotFoundAsync();
        await (await _reader.GetAsync("/")).AssertHostNotFoundAsync();
    }

    [Fact]
    public async Task Responses_are_camel_case_json()
    {
        var id = Entries.NewId();
        var body = await _maintainer.PutOkAsync(id, Entries.Draft(Entries.NewCategory()));
        Assert.Equal(
            ["category", "commentCount", "createdAt", "etag", "featured", "id", "publishedOn", "source", "summary", "tags", "title", "updatedAt", "url"],
            body.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        using var list = await _reader.GetAsync("/api/resources?limit=1");
        Assert.Equal("application/json", list.Content.Headers.ContentType?.MediaType);
        Assert.Null((await list.JsonAsync())["items"]![0]!["etag"]);
    }
}
