using System.Net;
using Hub.Testing;

namespace Hub.IntegrationTests.Resources;

/// <summary>What readers GET carries a strong ETag and a short public Cache-Control; a matching If-None-Match gets 304, from memory.</summary>
public sealed class HttpCachingTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    private static HttpRequestMessage Revalidate(string path, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return request;
    }

    [Theory]
    [InlineData("entry")]
    [InlineData("list")]
    [InlineData("comments")]
    public async Task A_public_read_revalidates_to_304_without_reading_storage(string read)
    {
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();
        var (entry, category) = await maintainer.NewEntryAsync();
        var path = read switch
        {
            "entry" => $"/api/resources/{entry}",
            "list" => $"/api/resources?category={category}",
            _ => $"/api/resources/{entry}/comments",
        };

        using var first = await reader.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal("public, max-age=10, stale-while-revalidate=30", first.Headers.CacheControl!.ToString());

        hub.Probe.StartRecording();
        using var again = await reader.SendAsync(Revalidate(path, etag.ToString()));
        var storage = hub.Probe.StopRecording();

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Empty(storage);
    }

    [Fact]
    public async Task A_change_made_here_is_seen_at_once_with_a_new_etag()
    {
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();
        var (entry, category) = await maintainer.NewEntryAsync();
        var id = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment("Soon public.")))["id"]!;
        using var before = await reader.GetAsync($"/api/resources/{entry}/comments");
        var etag = before.Headers.ETag!.ToString();
        using var entryBefore = await reader.GetAsync($"/api/resources/{entry}");

        await maintainer.ModerateAsync(entry, id, "pending", "approved");

        using var after = await reader.SendAsync(Revalidate($"/api/resources/{entry}/comments", etag));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag!.ToString());
        using var entryAfter = await reader.SendAsync(Revalidate($"/api/resources/{entry}", entryBefore.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, entryAfter.StatusCode);
        await reader.AssertCountMatchesAsync(entry, category);
    }

    [Fact]
    public async Task Problems_are_never_cached()
    {
        using var reader = hub.Reader();
        using var missing = await reader.GetAsync("/api/resources/no-such-entry-here");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Null(missing.Headers.ETag);
        Assert.Null(missing.Headers.CacheControl);
    }
}
