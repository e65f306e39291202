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
    CommentCounts counts,
    SettingsStore settings,
    TimeProvider clock,
    ILogger<SitePublisher> logger) : IPageUpdates
{
    private const string AssetCache = "public, max-age=300";
    private const string FingerprintedCache = "public, max-age=31536000, immutable";
    private const string ManifestPath = "assets/manifest.json";

    /// <summary>How long an instance trusts the asset manifest it read, so a redeployment's new assets reach pages it renders.</summary>
    private static readonly TimeSpan ManifestFor = TimeSpan.FromMinutes(1);

    private DateTimeOffset _manifestReadAt = DateTimeOffset.MinValue;

    /// <summary>Entries per list page (the home page and its older pages, a category's, a tag's).</summary>
    public const int ListPageSize = 20;

    private const string Lede = "Resources on the tech industry's contracts with government and law-enforcement agencies, and the surveillance technology they sell.";

    public Task EntryChangedAsync(string entryId, EntryListing? before, EntryListing? after, CancellationToken cancellationToken)
        => SafelyAsync(entryId, async () =>
        {
            await LoadAssetsAsync(cancellationToken);
            if (after is null)
            {
                await RemoveEntryPagesAsync(entryId, cancellationToken);
            }
            else
            {
                await PublishEntryAsync(entryId, cancellationToken);
            }

            await PublishListsAsync(await AllEntriesAsync(cancellationToken), cancellationToken);
        });

    public Task DiscussionChangedAsync(string entryId, CancellationToken cancellationToken)
        => SafelyAsync(entryId, async () =>
        {
            await LoadAssetsAsync(cancellationToken);
            await PublishEntryAsync(entryId, cancellationToken);
        });

    public async Task<string?> RulesChangedAsync(string? cursor, CancellationToken cancellationToken)
    {
        await SafelyAsync("every entry", async () =>
        {
            await LoadAssetsAsync(cancellationToken);
            await PublishEntriesAsync(await AllEntriesAsync(cancellationToken), cancellationToken);
        });
        return null;
    }

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

        await LoadAssetsAsync(cancellationToken);
        var entries = await AllEntriesAsync(cancellationToken);
        var config = Encoding.UTF8.GetBytes($"{{\n  \"apiBase\": \"{site.ApiUrl}\"\n}}\n");
        written += await web.PutAsync("config.json", config, "application/json", "no-cache", cancellationToken) ? 1 : 0;
        written += await web.PutAsync("404.html", Encoding.UTF8.GetBytes(await renderer.NotFoundAsync(site)), "text/html; charset=utf-8", WebContainer.HtmlCache, cancellationToken) ? 1 : 0;
        written += await PublishEntriesAsync(entries, cancellationToken);
        written += await PublishListsAsync(entries, cancellationToken);
        written += await web.PutAsync("robots.txt", Encoding.UTF8.GetBytes(Feeds.Robots(site)), "text/plain; charset=utf-8", WebContainer.HtmlCache, cancellationToken) ? 1 : 0;
        LogPublishedAll(logger, written);
        return written;
    }

    /// <summary>Every entry's page and comments feed; those of entries no longer there are removed.</summary>
    private async Task<int> PublishEntriesAsync(IReadOnlyList<ResourceEntry> entries, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var entry in entries)
        {
            written += await PublishEntryAsync(entry, cancellationToken) ? 1 : 0;
        }

        var ids = entries.Select(entry => entry.Id).ToHashSet(StringComparer.Ordinal);

        foreach (var path in await web.ListAsync("entries/", cancellationToken))
        {
            if (path.Split('/') is ["entries", var id, _] && !ids.Contains(id))
            {
                await web.DeleteAsync(path, cancellationToken);
            }
        }

        return written;
    }

    /// <summary>
    /// Every list of entries: the home page and its older pages, each category's and tag's pages,
    /// the Atom feeds (site-wide and per category) and the sitemap; lists that are now empty are
    /// removed. One read of the entries, and only pages whose bytes changed are written.
    /// </summary>
    private async Task<int> PublishListsAsync(IReadOnlyList<ResourceEntry> entries, CancellationToken cancellationToken)
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var written = 0;

        async Task PutAsync(string blob, string text, string type)
        {
            kept.Add(blob);
            written += await web.PutAsync(blob, Encoding.UTF8.GetBytes(text), type, WebContainer.HtmlCache, cancellationToken) ? 1 : 0;
        }

        async Task ListAsync(string basePath, string title, string heading, string lede, string feedTitle, string feedPath, IReadOnlyList<ResourceEntry> listed, bool isHome)
        {
            var pages = Math.Max(1, (listed.Count + ListPageSize - 1) / ListPageSize);
            for (var number = 1; number <= pages; number++)
            {
                var path = PagePath(basePath, number);
                var model = new ListPageModel(
                    number == 1 ? title : $"{title} (page {number})",
                    heading,
                    lede,
                    path,
                    [.. listed.Skip((number - 1) * ListPageSize).Take(ListPageSize)],
                    number > 1 ? PagePath(basePath, number - 1) : null,
                    number < pages ? PagePath(basePath, number + 1) : null,
                    feedTitle,
                    feedPath,
                    isHome && number == 1);
                await PutAsync(path.TrimStart('/') + "index.html", await renderer.ListAsync(site, model), "text/html; charset=utf-8");
            }

            await PutAsync(feedPath.TrimStart('/'), Feeds.Entries(site, feedTitle, feedPath, basePath, [.. listed.Take(ListPageSize)]), Feeds.AtomType);
        }

        await ListAsync("/", "Entries", "The Hub", Lede, "Entries", "/feed.atom", entries, isHome: true);
        var listPaths = new List<string> { "/" };
        foreach (var category in entries.Select(entry => entry.Category).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var path = SiteContext.CategoryPath(category);
            listPaths.Add(path);
            await ListAsync(path, $"Category: {category}", $"Category: {category}", $"Entries in the category {category}, newest first.", $"Entries in {category}", path + "feed.atom", [.. entries.Where(entry => entry.Category == category)], isHome: false);
        }

        foreach (var tag in entries.SelectMany(entry => entry.Tags).Distinct(StringComparer.Ordinal))
        {
            var path = SiteContext.TagPath(tag);
            listPaths.Add(path);
            await ListAsync(path, $"Tag: {tag}", $"Tagged #{tag}", $"Entries tagged {tag}, newest first.", $"Entries tagged {tag}", path + "feed.atom", [.. entries.Where(entry => entry.Tags.Contains(tag))], isHome: false);
        }

        await PutAsync("sitemap.xml", Feeds.Sitemap(site, entries, listPaths), "application/xml");
        foreach (var prefix in new[] { "page/", "categories/", "tags/" })
        {
            foreach (var path in await web.ListAsync(prefix, cancellationToken))
            {
                if (!kept.Contains(path))
                {
                    await web.DeleteAsync(path, cancellationToken);
                }
            }
        }

        return written;
    }

    private static string PagePath(string basePath, int number) => number == 1 ? basePath : $"{basePath}page/{number}/";

    private async Task<List<ResourceEntry>> AllEntriesAsync(CancellationToken cancellationToken)
    {
        var entries = new List<ResourceEntry>();
        string? cursor = null;
        do
        {
            var page = await resources.ListAsync(new ResourceQuery(null, null, null, ResourceQuery.MaxLimit, cursor), cancellationToken);
            entries.AddRange(page.Items);
            cursor = page.NextCursor is { } next && ResourceCursor.TryDecode(next, out var position) ? position : null;
        }
        while (cursor is not null);

        return entries;
    }

    private async Task RemoveEntryPagesAsync(string entryId, CancellationToken cancellationToken)
    {
        await web.DeleteAsync(EntryBlob(entryId), cancellationToken);
        await web.DeleteAsync(Feeds.CommentsFeedPath(entryId).TrimStart('/'), cancellationToken);
    }

    private async Task<bool> PublishEntryAsync(string entryId, CancellationToken cancellationToken)
    {
        var stored = await resources.GetCurrentAsync(entryId, cancellationToken);
        if (stored is null)
        {
            await RemoveEntryPagesAsync(entryId, cancellationToken);
            return false;
        }

        return await PublishEntryAsync(stored.Entry, cancellationToken);
    }

    private async Task<bool> PublishEntryAsync(ResourceEntry stored, CancellationToken cancellationToken)
    {
        var entryId = stored.Id;
        var approved = new List<PublicComment>();
        string? after = null;
        do
        {
            var page = await comments.ListApprovedAsync(entryId, after, PublicComments.MaxPageSize, cancellationToken);
            approved.AddRange(page.Items);
            after = page.NextCursor is { } next && PublicComments.TryDecodeCursor(next, out var position) ? position : null;
        }
        while (after is not null);

        if (approved.Count != stored.CommentCount)
        {
            // The copy on the entry's rows is behind (a crash after a change): put it right.
            await counts.RecordAsync(entryId, cancellationToken);
        }

        var rules = await settings.GetDiscussionAsync(cancellationToken);
        var entry = stored with { CommentCount = approved.Count };
        var html = await renderer.EntryAsync(site, new EntryPageModel(entry, approved, rules.PublicInfo(entry, clock.GetUtcNow())));
        var feed = Feeds.Comments(site, entry, approved);
        var pageWritten = await web.PutAsync(EntryBlob(entryId), Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", WebContainer.HtmlCache, cancellationToken);
        var feedWritten = await web.PutAsync(Feeds.CommentsFeedPath(entryId).TrimStart('/'), Encoding.UTF8.GetBytes(feed), Feeds.AtomType, WebContainer.HtmlCache, cancellationToken);
        return pageWritten || feedWritten;
    }

    /// <summary>
    /// The site's own files. Each asset is uploaded twice: under its own name (briefly cached) and
    /// under a name with its hash (cached for a year, immutable), which every page references
    /// through assets/manifest.json. Each page's policy admits the API's origin. Files that are no
    /// longer in the folder are removed from $web.
    /// </summary>
    private async Task<int> PublishFilesAsync(string root, CancellationToken cancellationToken)
    {
        var types = new FileExtensionContentTypeProvider();
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(file => (File: file, Path: Path.GetRelativePath(root, file).Replace('\\', '/')))
            .Where(file => file.Path != "config.json")
            .ToList();
        var written = 0;
        var assets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, path) in files.Where(file => file.Path.StartsWith("assets/", StringComparison.Ordinal)))
        {
            var content = await File.ReadAllBytesAsync(file, cancellationToken);
            var type = types.TryGetContentType(file, out var known) ? known : "application/octet-stream";
            var fingerprinted = $"{path[..^Path.GetExtension(path).Length]}.{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))[..12]}{Path.GetExtension(path)}";
            assets[path] = fingerprinted;
            written += await web.PutAsync(path, content, type, AssetCache, cancellationToken) ? 1 : 0;
            written += await web.PutAsync(fingerprinted, content, type, FingerprintedCache, cancellationToken) ? 1 : 0;
        }

        var manifest = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(assets);
        written += await web.PutAsync(ManifestPath, manifest, "application/json", "no-cache", cancellationToken) ? 1 : 0;
        site.UseAssets(assets);
        _manifestReadAt = clock.GetUtcNow();

        foreach (var (file, path) in files.Where(file => !file.Path.StartsWith("assets/", StringComparison.Ordinal)))
        {
            var content = await File.ReadAllBytesAsync(file, cancellationToken);
            var type = types.TryGetContentType(file, out var known) ? known : "application/octet-stream";
            if (path.EndsWith(".html", StringComparison.Ordinal))
            {
                type = "text/html; charset=utf-8";
                var page = Encoding.UTF8.GetString(content).Replace($"content=\"{SiteContext.SitePolicy}\"", $"content=\"{site.ContentSecurityPolicy}\"", StringComparison.Ordinal);
                foreach (var (plain, hashed) in assets)
                {
                    page = page.Replace($"\"/{plain}\"", $"\"/{hashed}\"", StringComparison.Ordinal);
                }

                content = Encoding.UTF8.GetBytes(page);
            }

            written += await web.PutAsync(path, content, type, path.EndsWith(".html", StringComparison.Ordinal) ? WebContainer.HtmlCache : AssetCache, cancellationToken) ? 1 : 0;
        }

        // What the folder no longer has goes (pages and feeds are the publisher's, not the folder's).
        var kept = files.Select(file => file.Path).Concat(assets.Values).Append(ManifestPath).ToHashSet(StringComparer.Ordinal);
        foreach (var path in await web.ListAsync("", cancellationToken))
        {
            if (!kept.Contains(path) && !IsRendered(path) && !Fingerprinted().IsMatch(path))
            {
                await web.DeleteAsync(path, cancellationToken);
            }
        }

        return written;
    }

    /// <summary>Files the publisher renders (the rest of $web comes from the site's folder).</summary>
    private static bool IsRendered(string path)
        => path is "index.html" or "404.html" or "config.json" or "robots.txt" or "sitemap.xml" or "feed.atom"
           || path.StartsWith("entries/", StringComparison.Ordinal) || path.StartsWith("page/", StringComparison.Ordinal)
           || path.StartsWith("categories/", StringComparison.Ordinal) || path.StartsWith("tags/", StringComparison.Ordinal);

    /// <summary>
    /// Learns the assets' fingerprinted names from $web (the function app renders without the
    /// site's folder), reading the manifest again once it is older than <see cref="ManifestFor"/>.
    /// </summary>
    private async Task LoadAssetsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _manifestReadAt < ManifestFor)
        {
            return;
        }

        _manifestReadAt = now;
        if (await web.GetAsync(ManifestPath, cancellationToken) is not { } manifest)
        {
            return;
        }

        var json = manifest.ContentEncoding == "gzip" ? Gunzip(manifest.Content) : manifest.Content;
        if (System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) is { } assets)
        {
            site.UseAssets(assets);
        }
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
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

    /// <summary>An earlier version of an asset: kept, as a page cached a little longer may still ask for it.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^assets/.+\.[0-9a-f]{12}\.[a-z0-9]+\z")]
    private static partial System.Text.RegularExpressions.Regex Fingerprinted();

    [LoggerMessage(Level = LogLevel.Information, Message = "Published the site: {Written} files written")]
    private static partial void LogPublishedAll(ILogger logger, int written);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the pages of {What}; the next full publish repairs them")]
    private static partial void LogFailed(ILogger logger, string what, Exception exception);
}
