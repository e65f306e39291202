using System.Text.RegularExpressions;
using Azure;
using Microsoft.AspNetCore.Http;

namespace Hub.Functions.Http;

/// <summary>Optimistic concurrency over HTTP: the If-Match request header and the ETag response header.</summary>
public static partial class Preconditions
{
    /// <summary>
    /// The If-Match precondition: none when the header is absent, a problem when it is present but
    /// empty or not an entity tag (an empty header must never mean "overwrite whatever is there").
    /// </summary>
    public static (ETag? IfMatch, IResult? Problem) IfMatch(HttpRequest request)
    {
        if (!request.Headers.TryGetValue("If-Match", out var values))
        {
            return (null, null);
        }

        var value = values.ToString().Trim();
        return value == "*" ? (ETag.All, null)
            : IsEntityTag(value) ? (new ETag(value), null)
            : (null, Problems.Validation("If-Match", "must be an etag this API handed out (a quoted string), or *"));
    }

    /// <summary>An RFC 9110 entity tag: optionally weak, then a quoted string of visible characters.</summary>
    public static bool IsEntityTag(string? value) => value is { Length: <= 256 } && EntityTag().IsMatch(value);

    public static IResult WithETag(this IResult result, ETag etag) => result.WithHeader("ETag", etag.ToString());

    [GeneratedRegex("""^(W/)?"[\x21\x23-\x7E\x80-\xFF]*"\z""", RegexOptions.CultureInvariant)]
    private static partial Regex EntityTag();
}
