using Hub.Core.Resources;

namespace Hub.Site.Rendering;

/// <summary>One page of a list of entries (the home page, a category, a tag) and where its neighbours are.</summary>
public sealed record ListPageModel(
    string Title,
    string Heading,
    string Lede,
    string Path,
    IReadOnlyList<ResourceEntry> Entries,
    string? NewerPath,
    string? OlderPath,
    string FeedTitle,
    string FeedPath,
    bool IsHome);
