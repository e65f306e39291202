using System.Text;
using Hub.Functions.Http;
using Hub.Site.Publishing;
using Hub.Site.Rendering;
using Microsoft.AspNetCore.Http;

namespace Hub.Functions.Search;

/// <summary>
/// The search results page as the function app answers it on the API's origin: rendered with the
/// site's own components (<see cref="SiteContext.ForApiOrigin"/>: links, stylesheet and policy
/// name the site's origin), in HTML with the site's policy as a header too, and kept out of
/// search engines' indexes.
/// </summary>
public sealed class SearchPages(PageRenderer renderer, SiteContext site, SiteFiles files)
{
    private const string Html = "text/html; charset=utf-8";

    /// <summary>A page of results, tagged for <see cref="ReaderResponses"/> to keep and revalidate.</summary>
    public async Task<CachedBody> RenderAsync(SearchPageModel model, CancellationToken cancellationToken)
        => ReaderCaching.Tagged(Encoding.UTF8.GetBytes(await RenderHtmlAsync(model, cancellationToken)), Html);

    /// <summary>A search that could not be run: the page saying why, with the given status (never kept).</summary>
    public async Task<IResult> ProblemAsync(int status, SearchPageModel model, CancellationToken cancellationToken)
        => TypedResults.Text(await RenderHtmlAsync(model, cancellationToken), Html, Encoding.UTF8, status);

    /// <summary>
    /// The headers every answer of the page carries, a 304 included: the policy (with
    /// <c>frame-ancestors</c>, which only a header can set) and <c>noindex</c>, as a results page
    /// is an answer to one reader's words, not a page of the site.
    /// </summary>
    public IResult WithPageHeaders(IResult answer)
        => answer
            .WithHeader("Content-Security-Policy", site.ForApiOrigin().PagePolicy + "; frame-ancestors 'none'")
            .WithHeader("X-Robots-Tag", "noindex");

    private async Task<string> RenderHtmlAsync(SearchPageModel model, CancellationToken cancellationToken)
    {
        // The stylesheet's fingerprinted name, from $web: a blob read at most once a minute per instance.
        await files.LoadAssetsAsync(cancellationToken);
        return await renderer.SearchAsync(site.ForApiOrigin(), model);
    }
}
