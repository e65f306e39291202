using System.Net;
using System.Text.RegularExpressions;
using Hub.Functions;
using Hub.LocalHost.Functions;
using Hub.Testing;
using Microsoft.Azure.Functions.Worker;

namespace Hub.IntegrationTests.Hosting;

/// <summary>Every [Function] in the app answers through the local host with its declared methods; every manage route signs the moderator in.</summary>
public sealed partial class FunctionRoutingTests(HubServer hub) : IClassFixture<HubServer>
{
    public static TheoryData<string> FunctionNames()
        => new(FunctionCatalog.Discover(typeof(HubServices).Assembly).Select(function => function.Name));

    [Fact]
    public void The_app_has_the_functions_the_api_documents()
    {
        Assert.Equal(
            [
                "BulkChangeCommentStatus", "ChangeCommentStatus", "CountModerationQueue", "DeleteComment", "DeleteResource", "ErasePersonalData", "ExportPersonalData",
                "FinishSignIn", "GetAuditLog", "GetFollowUpStatus", "GetNotificationStatus", "GetResource", "GetSettings", "GetSignedInModerator", "Health", "ListComments",
                "ListModerationQueue", "ListResources", "ListSignInProviders", "PatchSettings", "PostComment", "PreviewMarkdown", "PutResource", "PutSettings", "SearchResultsPage", "StartSignIn",
                "WithdrawComment",
            ],
            FunctionCatalog.Discover(typeof(HubServices).Assembly).Select(function => function.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public async Task Each_function_is_reachable_with_its_methods_and_manage_routes_need_a_moderator(string name)
    {
        var function = FunctionCatalog.Discover(typeof(HubServices).Assembly).Single(f => f.Name == name);
        var path = "/api/" + RouteParameter().Replace(function.Route, match => match.Groups[1].Value == "commentId" ? "0639000000000000000abcdef" : "sample-id");
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();

        foreach (var method in function.HttpMethods)
        {
            using var anonymous = await reader.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            using var withKey = await maintainer.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

            // Every function is Anonymous at the host: a function key names nobody in the worker.
            Assert.Equal(AuthorizationLevel.Anonymous, function.AuthLevel);
            if (function.Route.StartsWith("manage/", StringComparison.Ordinal))
            {
                var refusal = await anonymous.AssertProblemAsync(401);
                Assert.Contains("moderator secret", (string?)refusal["detail"], StringComparison.Ordinal);
                Assert.StartsWith("Moderator", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.DoesNotContain("moderator secret", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // Signed in, the function itself answers: never the sign-in refusal, never the host's empty 404.
            var answer = await withKey.Content.ReadAsStringAsync();
            Assert.DoesNotContain("moderator secret", answer, StringComparison.Ordinal);
            Assert.False(withKey.StatusCode == HttpStatusCode.NotFound && answer.Length == 0, $"{method} {path} found no function");
        }
    }

    [Fact]
    public void Every_function_takes_only_what_the_local_host_can_supply()
    {
        foreach (var function in FunctionCatalog.Discover(typeof(HubServices).Assembly))
        {
            _ = new FunctionInvoker(function);
        }
    }

    [GeneratedRegex(@"\{\*?(\w+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
