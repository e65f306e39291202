using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hub.Functions.Http;

/// <summary>
/// HTTP caching of what readers GET: a strong ETag, a short public Cache-Control that lets a
/// browser or CDN serve a slightly old copy while it revalidates, and 304 Not Modified (no body)
/// when the client's If-None-Match names the current tag.
/// </summary>
public static class ReaderCaching
{
    /// <summary>As long as instances keep copies in memory; a change is public within about this time anyway.</summary>
    public const string CacheControl = "public, max-age=10, stale-while-revalidate=30";

    /// <summary>The answer for a representation whose tag is known before its body is made.</summary>
    public static IResult Answer(HttpRequest request, string tag, Func<IResult> body)
        => (IsNotModified(request, tag) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : body())
            .WithHeader(HeaderNames.ETag, tag)
            .WithHeader(HeaderNames.CacheControl, CacheControl);

    /// <summary>The answer for a body already made, tagged with its hash.</summary>
    public static IResult Answer(HttpRequest request, CachedBody cached)
        => Answer(request, cached.Tag, () => TypedResults.Bytes(cached.Content, cached.ContentType));

    public static CachedBody Serialize<T>(T value, JsonTypeInfo<T> type)
        => Tagged(JsonSerializer.SerializeToUtf8Bytes(value, type), "application/json; charset=utf-8");

    /// <summary>A body of any type (a rendered page), tagged with its hash.</summary>
    public static CachedBody Tagged(byte[] content, string contentType)
        => new(content, contentType, $"\"{Base64Url.EncodeToString(SHA256.HashData(content).AsSpan(0, 18))}\"");

    /// <summary>RFC 9110 If-None-Match: a list of tags compared weakly, or <c>*</c>.</summary>
    public static bool IsNotModified(HttpRequest request, string tag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            foreach (var candidate in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate == "*" || (candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate) == tag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>A serialized answer, its media type and its entity tag.</summary>
public sealed record CachedBody(byte[] Content, string ContentType, string Tag);
