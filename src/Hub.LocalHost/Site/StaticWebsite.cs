using Hub.Site.Publishing;

namespace Hub.LocalHost.Site;

/// <summary>
/// The reader site on an origin of its own, served from the emulator's <c>$web</c> container the
/// way the storage account's static website serves it: the stored bytes with the stored headers
/// (Content-Type, Content-Encoding, Cache-Control, ETag) and nothing else of the hub's,
/// index.html for a folder (a path ending in /), and 404.html with status 404. So the browser
/// tests get the bytes Azure would serve.
/// </summary>
public sealed class StaticWebsite
{
    private const string IndexDocument = "index.html";
    private const string NotFoundDocument = "404.html";

    /// <summary>The container to serve, known once the API's services are built.</summary>
    public WebContainer? Source { get; set; }

    public async Task ServeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (Source is not { } web)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? "/").TrimStart('/');
        var file = await FindAsync(web, path, context.RequestAborted);
        var status = StatusCodes.Status200OK;
        if (file is null)
        {
            status = StatusCodes.Status404NotFound;
            file = await web.GetAsync(NotFoundDocument, context.RequestAborted);
        }

        context.Response.StatusCode = status;
        if (file is null)
        {
            return;
        }

        context.Response.ContentType = file.ContentType;
        context.Response.ContentLength = file.Content.Length;
        context.Response.Headers.ETag = file.ETag.ToString("H");
        if (file.ContentEncoding is { } encoding)
        {
            context.Response.Headers.ContentEncoding = encoding;
        }

        if (file.CacheControl is { } cacheControl)
        {
            context.Response.Headers.CacheControl = cacheControl;
        }

        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
        }
    }

    private static async Task<WebFile?> FindAsync(WebContainer web, string path, CancellationToken cancellationToken)
    {
        if (path.Length == 0 || path.EndsWith('/'))
        {
            return await web.GetAsync(path + IndexDocument, cancellationToken);
        }

        return await web.GetAsync(path, cancellationToken);
    }
}
