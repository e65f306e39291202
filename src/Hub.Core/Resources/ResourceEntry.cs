namespace Hub.Core.Resources;

/// <summary>A curated entry as readers and the API see it.</summary>
public sealed record ResourceEntry(
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
    int CommentCount = 0);
