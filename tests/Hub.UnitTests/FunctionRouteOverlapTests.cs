using Hub.Functions;
using Hub.LocalHost.Functions;

namespace Hub.UnitTests;

/// <summary>
/// Azure Functions does not rank routes the way ASP.NET Core does (it tries them in function
/// name order), so two routes that could match the same request would behave differently in
/// Azure and in the local host. No two may overlap.
/// </summary>
public sealed class FunctionRouteOverlapTests
{
    [Fact]
    public void No_two_functions_could_answer_the_same_request()
    {
        var functions = FunctionCatalog.Discover(typeof(HubServices).Assembly);
        var overlaps =
            from a in functions
            from b in functions
            where string.CompareOrdinal(a.Name, b.Name) < 0
                  && a.HttpMethods.Intersect(b.HttpMethods).Any()
                  && CouldMatchTheSamePath(a.Route, b.Route)
            select $"{a.Name} ({a.Route}) and {b.Name} ({b.Route})";

        Assert.Empty(overlaps);
    }

    [Theory]
    [InlineData("resources/{id}", "resources/{id}/comments", false)]
    [InlineData("resources/{id}", "resources/recent", true)]
    [InlineData("resources/{*id}", "resources/{id}/comments", true)]
    [InlineData("manage/comments/bulk", "manage/comments/{entryId}", true)]
    [InlineData("health", "resources", false)]
    public void Overlap_is_judged_segment_by_segment(string a, string b, bool overlap)
        => Assert.Equal(overlap, CouldMatchTheSamePath(a, b));

    private static bool CouldMatchTheSamePath(string a, string b)
    {
        var left = a.Split('/');
        var right = b.Split('/');
        if (left.Any(IsCatchAll) || right.Any(IsCatchAll))
        {
            return true;
        }

        return left.Length == right.Length
               && left.Zip(right).All(pair => IsParameter(pair.First) || IsParameter(pair.Second) || string.Equals(pair.First, pair.Second, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsParameter(string segment) => segment.StartsWith('{');

    private static bool IsCatchAll(string segment) => segment.StartsWith("{*", StringComparison.Ordinal);
}
