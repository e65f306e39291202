using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hub.Testing;

/// <summary>Builds entry payloads and reads API answers, so tests say only what differs.</summary>
public static class Entries
{
    public static string NewCategory() => "t-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewId(string prefix = "entry") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 80)];

    public static JsonObject Draft(string category, string title = "A report", string? publishedOn = "2024-05-01", params string[] tags)
    {
        var draft = new JsonObject
        {
            ["title"] = title,
            ["summary"] = "What the report found.",
            ["url"] = "https://example.org/report",
            ["source"] = "Example Publisher",
            ["category"] = category,
            ["tags"] = new JsonArray(tags.Select(tag => (JsonNode)tag).ToArray()),
            ["featured"] = false,
        };
        if (publishedOn is not null)
        {
            draft["publishedOn"] = publishedOn;
        }

        return draft;
    }

    /// <summary>PATCH with a JSON body (HttpClient has no PatchAsJsonAsync).</summary>
    public static Task<HttpResponseMessage> PatchAsJsonAsync<T>(this HttpClient client, string path, T value)
        => client.PatchAsync(path, JsonContent.Create(value));

    public static async Task<HttpResponseMessage> PutAsync(this HttpClient client, string id, JsonObject draft)
        => await client.PutAsync($"/api/manage/resources/{id}", JsonContent.Create(draft));

    public static async Task<JsonObject> PutOkAsync(this HttpClient client, string id, JsonObject draft)
    {
        using var response = await client.PutAsync(id, draft);
        Assert.True(response.IsSuccessStatusCode, $"PUT {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response)
        => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<JsonObject> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    /// <summary>Follows nextCursor from the first page to the last, returning every id in order.</summary>
    public static async Task<List<string>> ListAllIdsAsync(this HttpClient client, string query)
    {
        var ids = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 1000; page++)
        {
            var path = "/api/resources?" + query + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var body = await client.GetJsonAsync(path);
            ids.AddRange(body["items"]!.AsArray().Select(item => (string)item!["id"]!));
            cursor = (string?)body["nextCursor"];
            if (cursor is null)
            {
                return ids;
            }
        }

        throw new InvalidOperationException("The cursor never ended.");
    }

    /// <summary>Asserts an RFC 9457 problem answer with this status, and returns its body.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(status, (int)body["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["title"]));
        return body;
    }

    /// <summary>
    /// The Functions host's own answer to a request no function takes: 404 with an empty body
    /// (not problem+json; it never reaches the app).
    /// </summary>
    public static async Task AssertHostNotFoundAsync(this HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    public static string[] ErrorFields(this JsonObject problem)
        => problem["errors"]?.AsObject().Select(pair => pair.Key).Order(StringComparer.Ordinal).ToArray() ?? [];

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
