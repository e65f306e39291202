namespace Hub.Core.Entries;

/// <summary>
/// The maintainer-supplied part of an entry, after validation and normalization. <see cref="Summary"/>
/// is short plain text (cards, descriptions, feeds); <see cref="Body"/> is the entry's text in
/// Markdown, rendered by the site's one safe pipeline, or null for an entry that has only a summary.
/// </summary>
public sealed record EntryContent(
    string Title,
    string Summary,
    Uri? Url,
    string? Source,
    DateOnly? PublishedOn,
    string? Category,
    IReadOnlyList<string> Tags,
    bool Featured,
    string? Body = null);
