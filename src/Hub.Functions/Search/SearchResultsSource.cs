using Hub.Core.Entries;
using Hub.Core.Search;
using Hub.Site.Rendering;
using PageHit = Hub.Site.Rendering.SearchHit;

namespace Hub.Functions.Search;

/// <summary>
/// Where the search results page gets its results: the one seam between the page and the search
/// engine. Words are searched in the instance's index (<see cref="EntrySearch"/>: best first, with
/// snippets and the matches per category); a page without words lists the entries as the site does.
/// </summary>
public sealed class SearchResultsSource(EntrySearch search, EntryRepository entries)
{
    /// <summary>One page of results for the request: what the page shows, and the cursor to the next.</summary>
    public async Task<SearchResults> FindAsync(Entries.EntryListRequest request, CancellationToken cancellationToken)
    {
        if (request.Search is not { } query)
        {
            var page = await entries.ListAsync(request.List!, cancellationToken);
            return new([.. page.Items.Select(entry => new PageHit(entry))], page.NextCursor);
        }

        var found = await search.SearchAsync(query, cancellationToken);
        return new(
            [.. found.Items.Select(hit => new PageHit(hit.Entry, MarkedSnippet.FromHtml(SnippetHtml.Of(hit.Snippet))))],
            found.Next?.Encode(),
            [.. found.Categories.Select(category => new CategoryChoice(category.Category, category.Count))]);
    }

    /// <summary>
    /// Whether a category's or a tag's list has entries: asked only when a first page found
    /// nothing, so that a filter no entry has is told apart from no matches. A range query of one row.
    /// </summary>
    public async Task<bool> IsInUseAsync(string? category, string? tag, CancellationToken cancellationToken)
        => (await entries.ListAsync(new EntryQuery(category, tag, Limit: 1), cancellationToken)).Items.Count > 0;
}

/// <summary>A page of search results: the hits, the cursor to the next page, and the counts per category when the engine gives them.</summary>
public sealed record SearchResults(IReadOnlyList<PageHit> Hits, string? NextCursor, IReadOnlyList<CategoryChoice>? Categories = null);
