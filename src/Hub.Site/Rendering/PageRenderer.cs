using Hub.Site.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Site.Rendering;

/// <summary>Renders the site's Razor components to HTML strings with ASP.NET Core's HtmlRenderer (every parameter encoded).</summary>
public sealed class PageRenderer(ILoggerFactory loggers)
{
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    public Task<string> EntryAsync(SiteContext site, EntryPageModel model)
        => RenderAsync<EntryPage>(new Dictionary<string, object?> { [nameof(EntryPage.Site)] = site, [nameof(EntryPage.Model)] = model });

    public Task<string> ListAsync(SiteContext site, ListPageModel model)
        => RenderAsync<ListPage>(new Dictionary<string, object?> { [nameof(ListPage.Site)] = site, [nameof(ListPage.Model)] = model });

    public Task<string> MonthsAsync(SiteContext site, MonthsPageModel model)
        => RenderAsync<MonthsPage>(new Dictionary<string, object?> { [nameof(MonthsPage.Site)] = site, [nameof(MonthsPage.Model)] = model });

    public Task<string> MovedAsync(SiteContext site, MovedPageModel model)
        => RenderAsync<MovedPage>(new Dictionary<string, object?> { [nameof(MovedPage.Site)] = site, [nameof(MovedPage.Model)] = model });

    /// <summary>Search results, for the function app to answer on the API's origin (see <see cref="SiteContext.ForApiOrigin"/>).</summary>
    public Task<string> SearchAsync(SiteContext site, SearchPageModel model)
        => RenderAsync<SearchPage>(new Dictionary<string, object?> { [nameof(SearchPage.Site)] = site, [nameof(SearchPage.Model)] = model });

    public Task<string> NotFoundAsync(SiteContext site)
        => RenderAsync<NotFoundPage>(new Dictionary<string, object?> { [nameof(NotFoundPage.Site)] = site });

    private async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(NoServices, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }
}
