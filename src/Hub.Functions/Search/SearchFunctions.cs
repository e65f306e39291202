using Hub.Core.Entries;
using Hub.Core.Validation;
using Hub.Functions.Entries;
using Hub.Functions.Http;
using Hub.Site.Rendering;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Search;

/// <summary>
/// The search results page, where the site's search form goes without JavaScript: the same query
/// parameters as <c>GET /api/resources</c> (<c>q</c>, <c>category</c>, <c>tag</c>, <c>cursor</c>),
/// answered as a page of the site. One invocation; the search's own storage requests, and none
/// for a page kept in memory (<see cref="ReaderResponses"/>).
/// </summary>
public sealed class SearchFunctions(SearchResultsSource search, SearchPages pages, ReaderResponses answers)
{
    /// <summary>Results a page holds, as many as the home page's script shows at a time.</summary>
    public const int PageSize = 20;

    [Function(nameof(SearchResultsPage))]
    public async Task<IResult> SearchResultsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search")] HttpRequest request)
        => pages.WithPageHeaders(await answers.AnswerAsync(request, async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var errors = new ValidationErrors();
            if (EntryListQuery.Parse(request.Query, errors, PageSize) is not { } query)
            {
                return (null, await pages.ProblemAsync(StatusCodes.Status400BadRequest, Refused(request.Query, errors), cancellationToken));
            }

            var (text, category, tag, limit, after) = query.Search is { } words
                ? (words.Text, words.Category, words.Tag, words.Limit, words.After?.Encode())
                : (null, query.List!.Category, query.List.Tag, query.List.Limit, query.List.After);
            var terms = new SearchTerms(text, category, tag, request.Query.ContainsKey("limit") ? limit : null);
            var results = await search.FindAsync(query, cancellationToken);
            if (results.Hits.Count == 0 && after is null)
            {
                var unknownCategory = category is not null && !await search.IsInUseAsync(category, null, cancellationToken);
                var unknownTag = tag is not null && !await search.IsInUseAsync(null, tag, cancellationToken);
                if (unknownCategory || unknownTag)
                {
                    return (null, await pages.ProblemAsync(StatusCodes.Status404NotFound, Unknown(terms, unknownCategory, unknownTag), cancellationToken));
                }
            }

            var model = new SearchPageModel(terms, results.Hits, results.NextCursor, after is not null, results.Categories);
            return (await pages.RenderAsync(model, cancellationToken), null);
        }));

    /// <summary>
    /// The page for a search that breaks the rules: each reason in words, and the form filled with
    /// what can be kept (the words cut to the longest allowed, the filters that are well formed).
    /// </summary>
    private static SearchPageModel Refused(IQueryCollection query, ValidationErrors errors)
    {
        var text = query["q"].FirstOrDefault()?.Trim();
        var kept = new SearchTerms(
            string.IsNullOrEmpty(text) ? null : text[..Math.Min(text.Length, EntryQuery.MaxTextLength)],
            Label(query["category"].FirstOrDefault()),
            Label(query["tag"].FirstOrDefault()));
        var reasons = errors.ToDictionary()
            .OrderBy(field => Array.IndexOf(Fields, field.Key) is var at and >= 0 ? at : Fields.Length)
            .SelectMany(field => field.Value.Select(message => $"{FieldName(field.Key)} {message}."))
            .ToList();
        var cursorOnly = errors.ToDictionary().Keys.All(field => field == "cursor");
        return new SearchPageModel(kept, [], Problem: new SearchProblem(
            "This search could not be run",
            reasons,
            cursorOnly ? kept : null,
            "Start again from the first results"));
    }

    /// <summary>The page for a category or tag no entry has: it says so, and offers the search without it.</summary>
    private static SearchPageModel Unknown(SearchTerms terms, bool unknownCategory, bool unknownTag)
    {
        var reasons = new List<string>();
        if (unknownCategory)
        {
            reasons.Add($"There is no category “{terms.Category}”: no entry is in it.");
        }

        if (unknownTag)
        {
            reasons.Add($"There is no tag “{terms.Tag}”: no entry has it.");
        }

        var instead = terms with { Category = unknownCategory ? null : terms.Category, Tag = unknownTag ? null : terms.Tag };
        return new SearchPageModel(instead, [], Problem: new SearchProblem("Nothing to search in", reasons, instead));
    }

    private static readonly string[] Fields = ["q", "category", "tag", "limit", "cursor"];

    private static string FieldName(string field) => field switch
    {
        "q" => "The search words",
        "category" => "The category",
        "tag" => "The tag",
        "limit" => "The number of results a page",
        "cursor" => "The link to more results",
        _ => field,
    };

    private static string? Label(string? value) => EntryRules.IsValidLabel(value) ? value : null;
}
