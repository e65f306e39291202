namespace Hub.Core.Resources;

/// <summary>The maintainer-supplied part of an entry, after validation and normalization.</summary>
public sealed record ResourceContent(
    string Title,
    string Summary,
    Uri? Url,
    string? Source,
    DateOnly? PublishedOn,
    string? Category,
    IReadOnlyList<string> Tags,
    bool Featured);
