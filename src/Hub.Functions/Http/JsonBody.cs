using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hub.Functions.Http;

/// <summary>Reads a JSON request body with a size limit, or says which problem stops it.</summary>
public static class JsonBody
{
    public const long DefaultMaxBytes = 64 * 1024;

    /// <summary>
    /// A property named twice is refused at any depth, whether or not the hub reads it: parsers
    /// disagree on which one wins (System.Text.Json lets the last), so a proxy or a firewall in
    /// front could check one value while the hub stored the other. The serializer
    /// contexts also refuse two spellings that bind to one property (<c>authorName</c>, <c>AuthorName</c>).
    /// </summary>
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

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

        // The Functions host reads a body with a Content-Length whole before it invokes the function
        // (one that stops arriving fails there), but streams a chunked one on: that one may still be
        // arriving here when the deadline fires, and is then the client's 408, not storage's 503.
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, Problems.PayloadTooLarge(maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (Exception exception)
        {
            var problem = ExceptionProblems.ForBody(request.HttpContext, exception);
            if (problem is null)
            {
                throw;
            }

            return (null, problem);
        }

        var json = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Strict);
        }
        catch (InvalidOperationException exception)
        {
            // Comparing names for duplicates unescapes them, which throws for an escaped lone surrogate ("\udc00").
            return (null, Problems.BadRequest($"A property name is not valid Unicode text: {exception.Message}"));
        }
        catch (JsonException exception)
        {
            return (null, Problems.BadRequest(IsWellFormed(json)
                ? $"Each property may appear only once in a JSON object; the hub refuses to guess which one you meant. {exception.Message}"
                : $"The body is not valid JSON: {exception.Message}"));
        }

        using (document)
        {
            try
            {
                var value = document.Deserialize(type);
                return value is null ? (null, Problems.BadRequest("The body must be a JSON object.")) : (value, null);
            }
            catch (JsonException exception)
            {
                return (null, Problems.BadRequest($"The body is not valid JSON for this request: {exception.Message}"));
            }
        }
    }

    /// <summary>Whether the body parses once duplicate properties are allowed: then a duplicate is what the strict parse refused.</summary>
    private static bool IsWellFormed(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJson(string? contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
           && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
               || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
