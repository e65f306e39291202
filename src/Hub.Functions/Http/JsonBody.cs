using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hub.Functions.Http;

/// <summary>Reads a JSON request body with a size limit, or says which problem stops it.</summary>
public static class JsonBody
{
    public const long DefaultMaxBytes = 64 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, long maxBytes = DefaultMaxBytes)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.UnsupportedMediaType());
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.PayloadTooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, Problems.PayloadTooLarge(maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException stalled)
        {
            // Kestrel gave up on the body: it stopped arriving (408) or broke its framing (400).
            return (null, stalled.StatusCode == StatusCodes.Status408RequestTimeout ? Problems.BodyTimeout() : Problems.BadRequest("The request body was malformed or cut short."));
        }
        catch (OperationCanceledException) when (RequestDeadline.Of(request.HttpContext) is { HasPassed: true })
        {
            return (null, Problems.BodyTimeout());
        }

        try
        {
            var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return value is null ? (null, Problems.BadRequest("The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException exception)
        {
            return (null, Problems.BadRequest($"The body is not valid JSON for this request: {exception.Message}"));
        }
    }

    private static bool IsJson(string? contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
           && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
               || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
