using System.Text.Json.Serialization;

namespace Hub.Core.Entries;

/// <summary>
/// A curated entry as readers and the API see it; <see cref="Etag"/> only where a client may send
/// it back in If-Match, <see cref="Body"/> (Markdown, as written) only where one entry is read,
/// not in lists.
/// </summary>
public sealed record Entry(
    string Id,
    string Title,
    string Summary,
    Uri? Url,
    string? Source,
    DateOnly? PublishedOn,
    string? Category,
    IReadOnlyList<string> Tags,
    bool Featured,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int CommentCount = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Etag = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Body = null);
