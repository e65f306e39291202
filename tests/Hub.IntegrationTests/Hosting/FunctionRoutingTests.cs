using System.Net;
using System.Text.RegularExpressions;
using Hub.Functions;
using Hub.Testing;
using Hub.LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;

namespace Hub.IntegrationTests.Hosting;

/// <summary>Every [Function] in the app answers through the local host with its declared methods and authorization level.</summary>
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
                "GetAuditLog", "GetResource", "GetSettings", "Health", "ListComments", "ListModerationQueue", "ListResources", "PostComment",
                "PutResource", "PutSettings", "WithdrawComment",
            ],
            FunctionCatalog.Discover(typeof(HubServices).Assembly).Select(function => function.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public async Task Each_function_is_reachable_with_its_methods_and_authorization_level(string name)
    {
        var function = FunctionCatalog.Discover(typeof(HubServices).Assembly).Single(f => f.Name == name);
        var path = "/api/" + RouteParameter().Replace(function.Route, match => match.Groups[1].Value == "commentId" ? "0639000000000000000abcdef" : "sample-id");
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();

        foreach (var method in function.HttpMethods)
        {
            using var anonymous = await reader.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            using var withKey = await maintainer.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

            if (function.AuthLevel == AuthorizationLevel.Anonymous)
            {
                // Never the manage-key refusal (withdrawing a comment has its own 401 for a missing token).
                Assert.DoesNotContain("x-functions-key", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            else
            {
                await anonymous.AssertProblemAsync(401);
            }

            var answer = await withKey.Content.ReadAsStringAsync();
            Assert.DoesNotContain("x-functions-key", answer, StringComparison.Ordinal);
            Assert.NotEqual(HttpStatusCode.MethodNotAllowed, withKey.StatusCode);
            Assert.DoesNotContain("No API route matches", answer, StringComparison.Ordinal);
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
