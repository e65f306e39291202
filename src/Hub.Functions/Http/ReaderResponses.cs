using Hub.Core.Publishing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;

namespace Hub.Functions.Http;

/// <summary>
/// Public list answers kept in memory by URL for <see cref="KeepFor"/>, so a repeated read (and
/// every If-None-Match revalidation) costs no storage request. A copy is dropped at once when a
/// change readers can see is made through this instance (<see cref="PublicChanges"/>); other
/// instances serve theirs until it expires.
/// </summary>
public sealed class ReaderResponses(PublicChanges changes, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(10);

    private readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = 2_000 });

    /// <summary>The kept answer for this URL, or a new one from <paramref name="read"/> (a problem is passed on, never kept).</summary>
    public async Task<IResult> AnswerAsync(HttpRequest request, Func<Task<(CachedBody? Body, IResult? Problem)>> read)
    {
        var key = request.Path.Value + request.QueryString.Value;
        var generation = changes.Generation;
        if (_answers.TryGetValue(key, out Kept? kept) && kept!.Generation == generation && clock.GetUtcNow() - kept.At < KeepFor)
        {
            return ReaderCaching.Answer(request, kept.Body);
        }

        var (body, problem) = await read();
        if (body is null)
        {
            return problem!;
        }

        _answers.Set(key, new Kept(body, generation, clock.GetUtcNow()), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = KeepFor });
        return ReaderCaching.Answer(request, body);
    }

    public void Dispose() => _answers.Dispose();

    private sealed record Kept(CachedBody Body, long Generation, DateTimeOffset At);
}
