using System.Net.Http.Headers;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hub.Core.Notifications;

/// <summary>What a webhook receives for held comments, in the shape the receiver reads.</summary>
internal static class WebhookMessage
{
    /// <summary>Comments listed in one digest; the rest are counted.</summary>
    private const int DigestListed = 20;

    public static HttpRequestMessage Build(string url, string format, IReadOnlyList<HeldNotice> notices, Uri? console)
    {
        var title = notices.Count == 1
            ? $"A comment is waiting on \"{notices[0].EntryTitle}\""
            : $"{notices.Count} comments are waiting for a moderator";
        var lines = notices.Take(DigestListed).Select(notice => $"{notice.AuthorName} on \"{notice.EntryTitle}\" (held: {notice.HeldBecause}): {notice.Excerpt}").ToList();
        if (notices.Count > DigestListed)
        {
            lines.Add($"and {notices.Count - DigestListed} more");
        }

        var text = title + "\n" + string.Join("\n", lines) + (console is null ? "" : $"\nReview: {console}");
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (format == "ntfy")
        {
            // ntfy shows the body as the message; the title and the click-through go in headers.
            request.Content = new StringContent(string.Join("\n", lines), Encoding.UTF8, "text/plain");
            request.Headers.TryAddWithoutValidation("Title", title);
            request.Headers.TryAddWithoutValidation("Tags", "speech_balloon");
            if (console is not null)
            {
                request.Headers.TryAddWithoutValidation("Click", console.AbsoluteUri);
            }
        }
        else
        {
            // Slack and Teams incoming webhooks show "text"; other receivers read the details.
            var payload = new WebhookPayload(
                text,
                console?.AbsoluteUri,
                [.. notices.Select(notice => new WebhookComment(
                    new WebhookEntry(notice.EntryId, notice.EntryTitle), notice.CommentId, notice.AuthorName, notice.Excerpt, notice.HeldBecause, notice.CreatedAt))]);
            // Buffered, so it goes with a Content-Length: JsonContent streams it chunked, which some receivers and proxies refuse.
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, NotificationJsonContext.Default.WebhookPayload));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypeNames.Application.Json) { CharSet = Encoding.UTF8.WebName };
        }

        return request;
    }
}

public sealed record WebhookPayload(string Text, string? Link, IReadOnlyList<WebhookComment> Comments);

public sealed record WebhookComment(WebhookEntry Entry, string CommentId, string AuthorName, string Excerpt, string HeldBecause, DateTimeOffset CreatedAt);

public sealed record WebhookEntry(string Id, string Title);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;
