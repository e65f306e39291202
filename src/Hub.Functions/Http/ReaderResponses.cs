using Hub.Core;
using Hub.Core.Publishing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;

namespace Hub.Functions.Http;

/// <summary>
/// Public list answers kept in memory by URL (<see cref="HubCache"/>), so a repeated read (and
/// every If-None-Match revalidation) costs no storage request. A copy is dropped at once when a
/// change readers can see is made through this instance (<see cref="PublicChanges"/>); other
/// instances serve theirs until it expires.
/// </summary>
public sealed class ReaderResponses(PublicChanges changes, IMemoryCache cache)
{
    /// <summary>The kept answer for this URL, or a new one from <paramref name="read"/> (a problem is passed on, never kept).</summary>
    public async Task<IResult> AnswerAsync(HttpRequest request, Func<Task<(CachedBody? Body, IResult? Problem)>> read)
    {
        var key = "answer:" + request.Path.Value + request.QueryString.Value;
        var generation = changes.Generation;
        if (cache.TryGetValue(key, out Kept? kept) && kept!.Generation == generation)
        {
            return ReaderCaching.Answer(request, kept.Body);
        }

        var (body, problem) = await read();
        if (body is null)
        {
            return problem!;
        }

        cache.Set(key, new Kept(body, generation), HubCache.Entry);
        return ReaderCaching.Answer(request, body);
    }

    private sealed record Kept(CachedBody Body, long Generation);
}
