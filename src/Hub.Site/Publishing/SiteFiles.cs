using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hub.Site.Rendering;
using Microsoft.AspNetCore.StaticFiles;

namespace Hub.Site.Publishing;

/// <summary>
/// The site's own files (from the static-web folder, assets fingerprinted), the asset manifest
/// every render needs, and the few files that follow no entry: config.json, the 404 page,
/// robots.txt, the sitemap of the site's fixed pages and the pages left at old addresses.
/// </summary>
public sealed partial class SiteFiles(PageRenderer renderer, WebContainer web, SiteContext site, TimeProvider clock)
{
    public const string SiteSitemapPath = "/sitemaps/site.xml";

    private const string AssetCache = "public, max-age=300";
    private const string FingerprintedCache = "public, max-age=31536000, immutable";
    private const string ManifestPath = "assets/manifest.json";

    /// <summary>How long an instance trusts the asset manifest it read, so a redeployment's new assets reach pages it renders.</summary>
    private static readonly TimeSpan ManifestFor = TimeSpan.FromMinutes(1);

    private static readonly JsonSerializerOptions ConfigJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private DateTimeOffset _manifestReadAt = DateTimeOffset.MinValue;

    /// <summary>config.json, the 404 page, robots.txt and the site sitemap; returns how many were written.</summary>
    public async Task<int> PublishFixedAsync(CancellationToken cancellationToken)
    {
        var config = JsonSerializer.SerializeToUtf8Bytes(Config(), ConfigJson);
        var written = await web.PutAsync("config.json", config, "application/json", "no-cache", cancellationToken) ? 1 : 0;
        written += await web.PutAsync("404.html", Encoding.UTF8.GetBytes(await renderer.NotFoundAsync(site)), "text/html; charset=utf-8", WebContainer.HtmlCache, cancellationToken) ? 1 : 0;
        written += await web.PutAsync("robots.txt", Encoding.UTF8.GetBytes(Feeds.Robots(site)), "text/plain; charset=utf-8", WebContainer.HtmlCache, cancellationToken) ? 1 : 0;
        var fixedPages = new[] { "/", ArchiveLayout.ArchivePath(SiteList.Home) };
        written += await web.PutAsync(SiteSitemapPath.TrimStart('/'), Encoding.UTF8.GetBytes(Feeds.Sitemap(site, [], fixedPages)), "application/xml", WebContainer.HtmlCache, cancellationToken) ? 1 : 0;
        return written;
    }

    /// <summary>
    /// What the console's script reads: the API's address. Rendered pages carry it themselves (and
    /// their sign-in buttons), so a reader's page view never asks for this file.
    /// </summary>
    private SiteConfig Config() => new(site.ApiUrl);

    /// <summary>
    /// A page at an address of the old layout (<c>page/{n}/</c>, counted from the newest): it now
    /// sends the reader to its list's archive (a link, and a meta refresh; the static website
    /// cannot redirect). Its content never changes, so it is written once.
    /// </summary>
    public async Task<bool> PublishMovedAsync(string blob, SiteList list, CancellationToken cancellationToken)
        => await web.PutAsync(blob, Encoding.UTF8.GetBytes(await renderer.MovedAsync(site, new MovedPageModel(list.Title, ArchiveLayout.ArchivePath(list)))), "text/html; charset=utf-8", WebContainer.HtmlCache, cancellationToken);

    /// <summary>
    /// The site's own files. Each asset is uploaded twice: under its own name (briefly cached) and
    /// under a name with its hash (cached for a year, immutable), which every page references
    /// through assets/manifest.json. Each page's policy admits the API's origin. Files that are no
    /// longer in the folder are removed from $web. Returns how many files were written and the
    /// manifest's hash, which the site's render version includes (<see cref="RenderVersion"/>).
    /// </summary>
    public async Task<FolderPublished> PublishFolderAsync(string root, CancellationToken cancellationToken)
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

        var manifest = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, string>(assets, StringComparer.Ordinal));
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

        return new FolderPublished(written, WebContainer.HashOf(manifest));
    }

    /// <summary>
    /// Learns the assets' fingerprinted names from $web (the function app renders without the
    /// site's folder), reading the manifest again once it is older than <see cref="ManifestFor"/>,
    /// or at once when <paramref name="fresh"/> (a full republish starting here).
    /// </summary>
    public async Task LoadAssetsAsync(CancellationToken cancellationToken, bool fresh = false)
    {
        var now = clock.GetUtcNow();
        if (!fresh && now - _manifestReadAt < ManifestFor)
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

    /// <summary>Files the publisher renders (the rest of $web comes from the site's folder).</summary>
    public static bool IsRendered(string path)
        => path is "index.html" or "404.html" or "config.json" or "robots.txt" or "sitemap.xml" or "feed.atom"
           || path.StartsWith("entries/", StringComparison.Ordinal) || path.StartsWith("page/", StringComparison.Ordinal)
           || path.StartsWith("archive/", StringComparison.Ordinal) || path.StartsWith("sitemaps/", StringComparison.Ordinal)
           || path.StartsWith("categories/", StringComparison.Ordinal) || path.StartsWith("tags/", StringComparison.Ordinal);

    private static byte[] Gunzip(byte[] compressed)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>An earlier version of an asset: kept, as a page cached a little longer may still ask for it.</summary>
    [GeneratedRegex(@"^assets/.+\.[0-9a-f]{12}\.[a-z0-9]+\z")]
    private static partial Regex Fingerprinted();
}

/// <summary>What a publish of the site's folder did: files written, and the hash of the asset manifest it wrote.</summary>
public sealed record FolderPublished(int Written, string Assets);

/// <summary>config.json: <c>{"apiBase": "..."}</c>.</summary>
internal sealed record SiteConfig(string ApiBase);
