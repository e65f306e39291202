using Hub.Core.Search;
using Hub.Site.Rendering;
using SearchHit = Hub.Core.Search.SearchHit;

namespace Hub.Functions.Entries;

/// <summary>
/// A page of search results as <c>GET /api/resources?q=</c> answers it: a list page's shape
/// (<c>items</c>, <c>nextCursor</c>), each item an entry as lists show it plus its
/// <c>snippet</c>, with <c>total</c> and the matches per category.
/// </summary>
public sealed record FoundEntries(IReadOnlyList<FoundEntry> Items, string? NextCursor, int Total, IReadOnlyList<CategoryCount> Categories)
{
    public static FoundEntries Of(SearchPage page)
        => new([.. page.Items.Select(FoundEntry.Of)], page.Next?.Encode(), page.Total, page.Categories);
}

/// <summary>An entry's fields as in a list, and <see cref="Snippet"/>: where it matched, as HTML (escaped text, the matched words in <c>&lt;mark&gt;</c>).</summary>
public sealed record FoundEntry(
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
    int CommentCount,
    string Snippet)
{
    public static FoundEntry Of(SearchHit hit)
    {
        var entry = hit.Entry;
        return new(entry.Id, entry.Title, entry.Summary, entry.Url, entry.Source, entry.PublishedOn, entry.Category, entry.Tags, entry.Featured,
            entry.CreatedAt, entry.UpdatedAt, entry.CommentCount, SnippetHtml.Of(hit.Snippet));
    }
}
