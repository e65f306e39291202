using System.Text;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Hub.LocalHost.Site;

/// <summary>
/// The reader site on an origin of its own, served the way the storage account's static website
/// serves <c>$web</c>: files as they are, index.html for a folder, 404.html with status 404, and
/// no headers of the hub's (blob storage sends none), so the pages' own meta-tag policy is all
/// the browser gets, as in Azure. The pages are prepared as <c>infra/publish-site.sh</c> prepares
/// them for upload: config.json names the API's origin, and each page's connect-src admits it.
/// </summary>
public sealed class StaticWebsite(string root) : IDisposable
{
    private readonly PhysicalFileProvider _files = new(root);
    private readonly FileExtensionContentTypeProvider _types = new();

    /// <summary>The API's origin, known once the API is listening.</summary>
    public string ApiOrigin { get; set; } = "";

    public async Task ServeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var path = context.Request.Path.Value ?? "/";
        if (path == "/config.json")
        {
            await WriteAsync(context, StatusCodes.Status200OK, "application/json", $"{{\n  \"apiBase\": \"{ApiOrigin}\"\n}}\n");
            return;
        }

        var file = Find(path);
        if (file is null)
        {
            var notFound = _files.GetFileInfo("404.html");
            await WriteFileAsync(context, StatusCodes.Status404NotFound, notFound.Exists ? notFound : null);
            return;
        }

        await WriteFileAsync(context, StatusCodes.Status200OK, file);
    }

    private IFileInfo? Find(string path)
    {
        if (path.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        var file = _files.GetFileInfo(path);
        if (file is { Exists: true, IsDirectory: false })
        {
            return file;
        }

        var index = _files.GetFileInfo(path.TrimEnd('/') + "/index.html");
        return index.Exists ? index : null;
    }

    private async Task WriteFileAsync(HttpContext context, int status, IFileInfo? file)
    {
        if (file is null)
        {
            context.Response.StatusCode = status;
            return;
        }

        if (!_types.TryGetContentType(file.Name, out var type))
        {
            type = "application/octet-stream";
        }

        if (file.Name.EndsWith(".html", StringComparison.Ordinal))
        {
            await using var stream = file.CreateReadStream();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var page = (await reader.ReadToEndAsync(context.RequestAborted)).Replace("connect-src 'self'", $"connect-src 'self' {ApiOrigin}", StringComparison.Ordinal);
            await WriteAsync(context, status, "text/html; charset=utf-8", page);
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = type;
        context.Response.ContentLength = file.Length;
        await context.Response.SendFileAsync(file, context.RequestAborted);
    }

    public void Dispose() => _files.Dispose();

    private static async Task WriteAsync(HttpContext context, int status, string type, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = type;
        context.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }
}
