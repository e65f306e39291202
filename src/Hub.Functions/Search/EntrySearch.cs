using Hub.Core.Entries;
using Hub.Site.Rendering;

namespace Hub.Functions.Search;

/// <summary>
/// Where the search results page gets its results: the one seam between the page and the search
/// engine. Today it is the list search <c>GET /api/resources?q=</c> runs
/// (<see cref="EntryRepository.ListAsync"/>: newest first, no snippets); the full-text index
/// replaces the call in <see cref="FindAsync"/>, and a hit's snippet and the counts per category,
/// when the engine gives them, go into <see cref="SearchHit.Snippet"/> and
/// <see cref="SearchResults.Categories"/>.
/// </summary>
public sealed class EntrySearch(EntryRepository entries)
{
    /// <summary>One page of results for the query: what the page shows, and the cursor to the next.</summary>
    public async Task<SearchResults> FindAsync(EntryQuery query, CancellationToken cancellationToken)
        => SearchResults.From(await entries.ListAsync(query, cancellationToken));

    /// <summary>
    /// Whether a category's or a tag's list has entries: asked only when a first page found
    /// nothing, so that a filter no entry has is told apart from no matches. A range query of one row.
    /// </summary>
    public async Task<bool> IsInUseAsync(string? category, string? tag, CancellationToken cancellationToken)
        => (await entries.ListAsync(new EntryQuery(category, tag, Limit: 1), cancellationToken)).Items.Count > 0;
}

/// <summary>A page of search results: the hits, the cursor to the next page, and the counts per category when the engine gives them.</summary>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, string? NextCursor, IReadOnlyList<CategoryChoice>? Categories = null)
{
    /// <summary>A page of today's list search: its entries, without snippets or counts.</summary>
    public static SearchResults From(EntriesPage page)
        => new([.. page.Items.Select(entry => new SearchHit(entry))], page.NextCursor);
}
