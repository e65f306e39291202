using System.Text;
using Hub.Core.Comments;
using Hub.Core.Discussion;
using Hub.Core.Publishing;
using Hub.Core.Resources;
using Hub.Site.Rendering;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Logging;

namespace Hub.Site.Publishing;

/// <summary>
/// Renders the reader pages a change makes stale and writes them to <c>$web</c>, after the change
/// has committed: an entry's page when the entry or its public comments change, every entry page
/// when the discussion rules change. A failure to publish never fails the change (it is logged,
/// and <see cref="PublishAllAsync"/> repairs it).
/// </summary>
public sealed partial class SitePublisher(
    PageRenderer renderer,
    WebContainer web,
    SiteContext site,
    ResourceRepository resources,
    PublicComments comments,
    SettingsStore settings,
    TimeProvider clock,
    ILogger<SitePublisher> logger) : IPageUpdates
{
    private const string AssetCache = "public, max-age=300";

    public Task EntryChangedAsync(string entryId, CancellationToken cancellationToken) => SafelyAsync(entryId, () => PublishEntryAsync(entryId, cancellationToken));

    public Task DiscussionChangedAsync(string entryId, CancellationToken cancellationToken) => SafelyAsync(entryId, () => PublishEntryAsync(entryId, cancellationToken));

    public Task EntryRemovedAsync(string entryId, CancellationToken cancellationToken)
        => SafelyAsync(entryId, () => web.DeleteAsync(EntryBlob(entryId), cancellationToken));

    public Task RulesChangedAsync(CancellationToken cancellationToken) => SafelyAsync("every entry", () => PublishEntriesAsync(cancellationToken));

    /// <summary>
    /// Everything, idempotently: the site's files from <paramref name="staticWebRoot"/> (when given),
    /// config.json, the 404 page and every entry page; entry pages of entries that no longer exist
    /// are removed. Unchanged files are not uploaded again. Returns how many files were written.
    /// </summary>
    public async Task<int> PublishAllAsync(string? staticWebRoot, CancellationToken cancellationToken)
    {
        var written = 0;
        if (staticWebRoot is not null)
        {
            written += await PublishFilesAsync(staticWebRoot, cancellationToken);
        }

        var config = Encoding.UTF8.GetBytes($"{{\n  \"apiBase\": \"{site.ApiUrl}\"\n}}\n");
        written += await web.PutAsync("config.json", config, "application/json", "no-cache", cancellationToken) ? 1 : 0;
        written += await web.PutAsync("404.html", Encoding.UTF8.GetBytes(await renderer.NotFoundAsync(site)), "text/html; charset=utf-8", WebContainer.HtmlCache, cancellationToken) ? 1 : 0;
        written += await PublishEntriesAsync(cancellationToken);
        LogPublishedAll(logger, written);
        return written;
    }

    private async Task<int> PublishEntriesAsync(CancellationToken cancellationToken)
    {
        var written = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await resources.ListAsync(new ResourceQuery(null, null, null, ResourceQuery.MaxLimit, cursor), cancellationToken);
            foreach (var entry in page.Items)
            {
                ids.Add(entry.Id);
                written += await PublishEntryAsync(entry.Id, cancellationToken) ? 1 : 0;
            }

            cursor = page.NextCursor is { } next && ResourceCursor.TryDecode(next, out var position) ? position : null;
        }
        while (cursor is not null);

        foreach (var path in await web.ListAsync("entries/", cancellationToken))
        {
            if (path.Split('/') is ["entries", var id, "index.html"] && !ids.Contains(id))
            {
                await web.DeleteAsync(path, cancellationToken);
            }
        }

        return written;
    }

    private async Task<bool> PublishEntryAsync(string entryId, CancellationToken cancellationToken)
    {
        var stored = await resources.GetAsync(entryId, cancellationToken);
        if (stored is null)
        {
            await web.DeleteAsync(EntryBlob(entryId), cancellationToken);
            return false;
        }

        var approved = new List<PublicComment>();
        string? after = null;
        do
        {
            var page = await comments.ListApprovedAsync(entryId, after, PublicComments.MaxPageSize, cancellationToken);
            approved.AddRange(page.Items);
            after = page.NextCursor is { } next && PublicComments.TryDecodeCursor(next, out var position) ? position : null;
        }
        while (after is not null);

        var rules = await settings.GetDiscussionAsync(cancellationToken);
        var entry = stored.Entry with { CommentCount = approved.Count };
        var html = await renderer.EntryAsync(site, new EntryPageModel(entry, approved, rules.PublicInfo(entry, clock.GetUtcNow())));
        return await web.PutAsync(EntryBlob(entryId), Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", WebContainer.HtmlCache, cancellationToken);
    }

    /// <summary>The site's own files, as publish-site.sh prepared them: each page's policy admits the API's origin.</summary>
    private async Task<int> PublishFilesAsync(string root, CancellationToken cancellationToken)
    {
        var types = new FileExtensionContentTypeProvider();
        var written = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var path = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (path == "config.json")
            {
                continue;
            }

            var content = await File.ReadAllBytesAsync(file, cancellationToken);
            if (!types.TryGetContentType(file, out var type))
            {
                type = "application/octet-stream";
            }

            if (path.EndsWith(".html", StringComparison.Ordinal))
            {
                type = "text/html; charset=utf-8";
                content = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace($"content=\"{SiteContext.SitePolicy}\"", $"content=\"{site.ContentSecurityPolicy}\"", StringComparison.Ordinal));
            }

            written += await web.PutAsync(path, content, type, path.EndsWith(".html", StringComparison.Ordinal) ? WebContainer.HtmlCache : AssetCache, cancellationToken) ? 1 : 0;
        }

        return written;
    }

    private async Task SafelyAsync(string what, Func<Task> publish)
    {
        try
        {
            await publish();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, what, exception);
        }
    }

    private static string EntryBlob(string entryId) => $"entries/{entryId}/index.html";

    [LoggerMessage(Level = LogLevel.Information, Message = "Published the site: {Written} files written")]
    private static partial void LogPublishedAll(ILogger logger, int written);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the pages of {What}; the next full publish repairs them")]
    private static partial void LogFailed(ILogger logger, string what, Exception exception);
}
