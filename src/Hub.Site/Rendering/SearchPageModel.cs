using Hub.Core.Entries;
using Microsoft.AspNetCore.Http;

namespace Hub.Site.Rendering;

/// <summary>
/// What a reader searched for: the words and the category and tag filters, each optional, and the
/// number of results a page when the address asked for other than the default (the API's <c>limit</c>).
/// </summary>
public sealed record SearchTerms(string? Text, string? Category = null, string? Tag = null, int? Limit = null)
{
    /// <summary>The results page's address for these terms (and a cursor, for a later page), on the API's origin.</summary>
    public string Address(SiteContext site, string? cursor = null)
        => site.SearchAddress + QueryString.Create(new KeyValuePair<string, string?>[]
            {
                new("q", Text), new("category", Category), new("tag", Tag),
                new("limit", Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("cursor", cursor),
            }
            .Where(parameter => !string.IsNullOrEmpty(parameter.Value)));
}

/// <summary>One search result: the entry, and where it matched when the search says.</summary>
public sealed record SearchHit(Entry Entry, MarkedSnippet? Snippet = null);

/// <summary>A category the results can be narrowed to, with how many results it holds when the search counts them.</summary>
public sealed record CategoryChoice(string Category, int? Count = null);

/// <summary>
/// Why a search could not be run as asked, in the reader's words (a page, not an error code), and
/// the search to try instead when there is one (<paramref name="InsteadText"/> is its link's words).
/// </summary>
public sealed record SearchProblem(string Heading, IReadOnlyList<string> Reasons, SearchTerms? Instead = null, string InsteadText = "Search again without it");

/// <summary>
/// One page of search results, rendered by the function app on the API's origin for a reader
/// without JavaScript: the terms (kept in the form and in every link), the results, the link to
/// the next page (an opaque cursor, as the API pages), the categories to narrow to, or the problem.
/// </summary>
public sealed record SearchPageModel(
    SearchTerms Terms,
    IReadOnlyList<SearchHit> Hits,
    string? NextCursor = null,
    bool IsLaterPage = false,
    IReadOnlyList<CategoryChoice>? Categories = null,
    SearchProblem? Problem = null)
{
    /// <summary>The categories to narrow to: those the search counted, or else those of the results shown.</summary>
    public IReadOnlyList<CategoryChoice> Choices => Terms.Category is not null
        ? []
        : Categories ?? [.. Hits.Select(hit => hit.Entry.Category).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(category => new CategoryChoice(category))];

    public string Title => Terms.Text is { } text ? $"Search: {text}" : "Search";
}
