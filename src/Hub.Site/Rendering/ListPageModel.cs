using Hub.Core.Entries;

namespace Hub.Site.Rendering;

/// <summary>One page of a list of entries (a front page, or a month of its archive) and where its neighbours and the list's archive are.</summary>
public sealed record ListPageModel(
    string Title,
    string Heading,
    string Lede,
    string Path,
    IReadOnlyList<Entry> Entries,
    string? NewerPath,
    string? OlderPath,
    string FeedTitle,
    string FeedPath,
    bool IsHome,
    string ArchivePath);
