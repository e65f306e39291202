using Azure;
using Microsoft.AspNetCore.Http;

namespace Hub.Functions.Http;

/// <summary>Optimistic concurrency over HTTP: the If-Match request header and the ETag response header.</summary>
public static class Preconditions
{
    public static ETag? IfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim();
        return value.Length == 0 ? null : value == "*" ? ETag.All : new ETag(value);
    }

    public static IResult WithETag(this IResult result, ETag etag) => result.WithHeader("ETag", etag.ToString());
}
