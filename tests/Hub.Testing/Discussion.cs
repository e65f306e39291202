using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Hub.Testing;

/// <summary>Comment helpers: each commenter connects from an address of their own, so the flood check sees distinct clients.</summary>
public static class Discussion
{
    public static System.Net.IPAddress NewClientAddress() => Clients.NewAddress();

    public static JsonObject Comment(string content = "Thank you for collecting these contracts.", string name = "Ada", string? email = null, string? parentId = null)
    {
        var comment = new JsonObject
        {
            ["authorName"] = name,
            ["authorEmail"] = email ?? $"ada-{Guid.NewGuid():N}@example.org",
            ["authorUrl"] = "https://ada.example.org/",
            ["content"] = content,
        };
        if (parentId is not null)
        {
            comment["parentId"] = parentId;
        }

        return comment;
    }

    /// <summary>Posts from the given address (a new one when omitted): the connection's address is what the hub sees.</summary>
    public static async Task<HttpResponseMessage> PostCommentAsync(this HttpClient client, string entryId, JsonObject comment, System.Net.IPAddress? clientAddress = null)
    {
        using var from = Clients.From(client.BaseAddress!, clientAddress ?? NewClientAddress());
        return await from.PostAsync($"/api/resources/{entryId}/comments", JsonContent.Create(comment));
    }

    /// <summary>Posts and returns the answer's body, asserting the status.</summary>
    public static async Task<JsonObject> PostCommentOkAsync(this HttpClient client, string entryId, JsonObject comment, int expectedStatus = 202)
    {
        using var response = await client.PostCommentAsync(entryId, comment);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expectedStatus == (int)response.StatusCode, $"POST comment: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The moderator's view of one comment, found in the queue of the given status.</summary>
    public static async Task<JsonObject?> FindInQueueAsync(this HttpClient maintainer, string status, string commentId)
    {
        string? cursor = null;
        do
        {
            var page = await maintainer.GetJsonAsync($"/api/manage/comments?status={status}&limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            if (page["items"]!.AsArray().FirstOrDefault(item => (string?)item!["id"] == commentId) is { } found)
            {
                return found.AsObject();
            }

            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        return null;
    }

    public static async Task<HttpResponseMessage> SetStatusAsync(this HttpClient maintainer, string entryId, string commentId, string status, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/manage/comments/{entryId}/{commentId}") { Content = JsonContent.Create(new { status }) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return await maintainer.SendAsync(request);
    }

    /// <summary>Moves a comment to a status as a moderator would: read its etag from the queue, then PATCH.</summary>
    public static async Task<JsonObject> ModerateAsync(this HttpClient maintainer, string entryId, string commentId, string from, string to)
    {
        var queued = await maintainer.FindInQueueAsync(from, commentId) ?? throw new InvalidOperationException($"{commentId} is not in {from}");
        using var response = await maintainer.SetStatusAsync(entryId, commentId, to, (string)queued["etag"]!);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PATCH {from}->{to}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<List<JsonObject>> PublicCommentsAsync(this HttpClient reader, string entryId)
    {
        var comments = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = await reader.GetJsonAsync($"/api/resources/{entryId}/comments?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            comments.AddRange(page["items"]!.AsArray().Select(item => item!.AsObject()));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        return comments;
    }

    /// <summary>commentCount on the entry and in the list agrees with the public comments.</summary>
    public static async Task AssertCountMatchesAsync(this HttpClient reader, string entryId, string category)
    {
        var visible = (await reader.PublicCommentsAsync(entryId)).Count;
        Assert.Equal(visible, (int)(await reader.GetJsonAsync($"/api/resources/{entryId}"))["commentCount"]!);
        var listed = (await reader.GetJsonAsync($"/api/resources?category={category}&limit=100"))["items"]!.AsArray()
            .Single(item => (string?)item!["id"] == entryId)!;
        Assert.Equal(visible, (int)listed["commentCount"]!);
    }

    /// <summary>A fresh entry to comment on, in a category of its own.</summary>
    public static async Task<(string EntryId, string Category)> NewEntryAsync(this HttpClient maintainer)
    {
        var category = Entries.NewCategory();
        var id = "entry-" + category;
        await maintainer.PutOkAsync(id, Entries.Draft(category, "An entry to discuss"));
        return (id, category);
    }
}
