using System.Text;
using System.Text.RegularExpressions;
using Hub.Functions;
using Hub.LocalHost.Functions;
using Hub.Testing;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// A JSON body that names a property twice is refused on every route that reads one, with a
/// 400 problem+json naming the property, and nothing is stored: parsers disagree on which of
/// the two wins, so a proxy or firewall in front could check one value while the hub kept the other.
/// </summary>
public sealed partial class DuplicatePropertyTests(HubServer hub) : IClassFixture<HubServer>
{
    private readonly HttpClient _maintainer = hub.Maintainer();

    [Fact]
    public async Task Every_json_route_refuses_a_property_named_twice_and_stores_nothing()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        using var reader = hub.Reader();
        var comment = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment()))["id"]!;
        var before = await StoredAsync();

        var routes = FunctionCatalog.Discover(typeof(HubServices).Assembly)
            .SelectMany(function => function.HttpMethods.Where(method => method is "POST" or "PUT" or "PATCH").Select(method => (function, method)))
            .ToList();
        Assert.True(routes.Count >= 8, $"found only {routes.Count} routes that take a body"); // a route added later joins by its method

        foreach (var (function, method) in routes)
        {
            var path = "/api/" + RouteParameter().Replace(function.Route, match => match.Groups[1].Value == "commentId" ? comment : entry);
            using var client = function.Route.StartsWith("manage/", StringComparison.Ordinal) ? hub.Maintainer() : hub.Reader();
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = new StringContent("""{"authorName":"Ada","authorName":"Mallory"}""", Encoding.UTF8, "application/json"),
            };

            using var response = await client.SendAsync(request);
            var problem = await response.AssertProblemAsync(400);
            Assert.True(((string?)problem["detail"])?.Contains("'authorName'", StringComparison.Ordinal), $"{method} {path}: {problem}");
        }

        Assert.Equal(before, await StoredAsync());
    }

    /// <summary>A member the route does not know (a misspelled field, a field from another route) is refused, named, and changes nothing.</summary>
    [Fact]
    public async Task Every_json_route_refuses_a_property_it_does_not_know_and_stores_nothing()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        using var reader = hub.Reader();
        var comment = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment()))["id"]!;
        var before = await StoredAsync();

        foreach (var function in FunctionCatalog.Discover(typeof(HubServices).Assembly))
        {
            foreach (var method in function.HttpMethods.Where(method => method is "POST" or "PUT" or "PATCH"))
            {
                var path = "/api/" + RouteParameter().Replace(function.Route, match => match.Groups[1].Value == "commentId" ? comment : entry);
                using var client = function.Route.StartsWith("manage/", StringComparison.Ordinal) ? hub.Maintainer() : hub.Reader();
                using var request = new HttpRequestMessage(new HttpMethod(method), path)
                {
                    Content = new StringContent("""{"sumary":"A misspelled field."}""", Encoding.UTF8, "application/json"),
                };

                using var response = await client.SendAsync(request);
                var problem = await response.AssertProblemAsync(400);
                Assert.True(problem.ToJsonString().Contains("sumary", StringComparison.Ordinal), $"{method} {path}: {problem}");
            }
        }

        Assert.Equal(before, await StoredAsync());
    }

    [Theory]
    [InlineData("""{"authorName":"Ada","AuthorName":"Mallory","authorEmail":"ada@example.org","content":"Thanks."}""", "authorName")]
    [InlineData("""{"authorName":"Ada","authorEmail":"ada@example.org","content":"Thanks.","auth\u006frName":"Mallory"}""", "authorName")]
    [InlineData("""{"authorName":"Ada","authorEmail":"ada@example.org","content":"Thanks.","note":{"a":1,"a":2}}""", "a")]
    public async Task A_comment_naming_a_property_twice_in_any_spelling_or_depth_is_refused(string body, string property)
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        using var reader = hub.Reader();

        using var response = await reader.PostAsync($"/api/resources/{entry}/comments", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains($"'{property}'", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.DoesNotContain((await _maintainer.GetJsonAsync("/api/manage/comments?status=pending"))["items"]!.AsArray(), item => (string?)item!["entryId"] == entry);
    }

    [Fact]
    public async Task A_setting_named_again_in_other_capitals_is_refused_by_that_name_and_changes_nothing()
    {
        var before = await StoredAsync();

        using var response = await _maintainer.PatchAsync("/api/manage/settings", new StringContent("""{"linkLimit":3,"LINKLIMIT":0}""", Encoding.UTF8, "application/json"));

        Assert.Equal(["LINKLIMIT"], (await response.AssertProblemAsync(400)).ErrorFields());
        Assert.Equal(before, await StoredAsync());
    }

    /// <summary>What a write could change: the queue counts, every entry, the newest audit event and the rules.</summary>
    private async Task<string> StoredAsync()
        => string.Join('\n', await Task.WhenAll(
            _maintainer.GetStringAsync("/api/manage/comments/counts"),
            _maintainer.GetStringAsync("/api/manage/comments?status=pending"),
            _maintainer.GetStringAsync("/api/resources?limit=100"),
            _maintainer.GetStringAsync("/api/manage/audit?limit=1"),
            _maintainer.GetStringAsync("/api/manage/settings")));

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex RouteParameter();
}
