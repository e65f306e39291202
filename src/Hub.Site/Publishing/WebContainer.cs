using System.IO.Compression;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Hub.Site.Publishing;

/// <summary>A file as the static website serves it.</summary>
public sealed record WebFile(byte[] Content, string ContentType, string? ContentEncoding, string? CacheControl, ETag ETag);

/// <summary>A stored file's properties: its ETag (for a conditional write), metadata and the headers the site serves it with.</summary>
public sealed record WebFileState(ETag ETag, IReadOnlyDictionary<string, string> Metadata, string? CacheControl, string? ContentType = null);

/// <summary>One page of a listing of blob names, and the continuation to go on from (null at the end).</summary>
public sealed record WebListing(IReadOnlyList<string> Paths, string? Continuation);

/// <summary>What a versioned write did.</summary>
public enum VersionedWrite
{
    Written,

    /// <summary>The same bytes and headers were there: nothing written (when fencing, only the version in the metadata moved).</summary>
    Unchanged,

    /// <summary>A render at least as new had written it (or removed it): nothing done.</summary>
    Superseded,
}

/// <summary>
/// The storage account's <c>$web</c> container, which the static website serves. Text is stored
/// gzip-compressed with <c>Content-Encoding: gzip</c> (the static website does not compress, and
/// every browser accepts gzip), and a file whose bytes did not change is not uploaded again: its
/// hash is kept in the blob's metadata.
/// </summary>
public sealed class WebContainer(BlobServiceClient blobs)
{
    public const string ContainerName = "$web";
    public const string HtmlCache = "public, max-age=60, stale-while-revalidate=600";

    private const string HashKey = "sha256";
    private const string VersionKey = "version";
    private const int MaxConditionalAttempts = 8;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(ContainerName);
    private Task? _created;

    /// <summary>Uploads a file unless the same bytes are already there; true when it wrote.</summary>
    public async Task<bool> PutAsync(string path, byte[] content, string contentType, string cacheControl, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var blob = _container.GetBlobClient(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        try
        {
            var existing = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (existing.Value.Metadata.TryGetValue(HashKey, out var stored) && stored == hash && existing.Value.CacheControl == cacheControl)
            {
                return false;
            }
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            // A new file.
        }

        await UploadAsync(blob, content, contentType, cacheControl, new Dictionary<string, string> { [HashKey] = hash }, conditions: null, cancellationToken);
        return true;
    }

    /// <summary>A render's file, written with its claim's version and fence (see <see cref="PutVersionedAsync(string, byte[], string, string, long, bool, Func{CancellationToken, Task{bool}}, CancellationToken)"/>).</summary>
    public Task<VersionedWrite> PutVersionedAsync(string path, byte[] content, string contentType, string cacheControl, RenderClaim claim, CancellationToken cancellationToken)
        => PutVersionedAsync(path, content, contentType, cacheControl, claim.Version, claim.Fence, claim.StillHeldAsync, cancellationToken);

    /// <summary>
    /// Writes a rendered file only over an older render: the blob's metadata carries the version of
    /// the render that wrote it, and the write is conditional on the ETag of the version it read
    /// (If-Match; If-None-Match: * for a new file), so of two renders racing, the one with the
    /// higher version ends on the blob whichever writes last. The same bytes and headers are not
    /// written again, so the blob's ETag and Last-Modified stay and readers get 304: unless
    /// <paramref name="fence"/>, when the version in the metadata still moves (changing the ETag once)
    /// so that an older render still running can no longer write. Leaving the version behind is safe
    /// only when no older render can write after this one; <see cref="PageClaims"/> says when (its
    /// <c>Fence</c>). <paramref name="mayCreate"/> is asked before a file that is not there is created.
    /// </summary>
    public async Task<VersionedWrite> PutVersionedAsync(string path, byte[] content, string contentType, string cacheControl, long version, bool fence, Func<CancellationToken, Task<bool>> mayCreate, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var blob = _container.GetBlobClient(path);
        var hash = HashOf(content);
        var metadata = new Dictionary<string, string> { [HashKey] = hash, [VersionKey] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        for (var attempt = 1; attempt <= MaxConditionalAttempts; attempt++)
        {
            var state = await StateAsync(path, cancellationToken);
            try
            {
                if (state is null)
                {
                    if (!await mayCreate(cancellationToken))
                    {
                        return VersionedWrite.Superseded;
                    }

                    await UploadAsync(blob, content, contentType, cacheControl, metadata, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken);
                    return VersionedWrite.Written;
                }

                if (VersionOf(state) >= version)
                {
                    return VersionedWrite.Superseded;
                }

                if (Holds(state, hash, contentType, cacheControl))
                {
                    if (fence)
                    {
                        await blob.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = state.ETag }, cancellationToken);
                    }

                    return VersionedWrite.Unchanged;
                }

                await UploadAsync(blob, content, contentType, cacheControl, metadata, new BlobRequestConditions { IfMatch = state.ETag }, cancellationToken);
                return VersionedWrite.Written;
            }
            catch (RequestFailedException lost) when (lost.Status is 409 or 412)
            {
                // Another render wrote between our read and our write: read its version again.
            }
        }

        throw new InvalidOperationException($"Could not write {path}: other renders kept writing it.");
    }

    /// <summary>The SHA-256 of a file's bytes, as its metadata keeps it.</summary>
    public static string HashOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Whether the stored file has these bytes (by hash) and is served with these headers.</summary>
    public static bool Holds(WebFileState state, byte[] content, string contentType, string cacheControl)
        => Holds(state, HashOf(content), contentType, cacheControl);

    private static bool Holds(WebFileState state, string hash, string contentType, string cacheControl)
        => state.Metadata.TryGetValue(HashKey, out var stored) && stored == hash && state.CacheControl == cacheControl
           && (state.ContentType is null || state.ContentType == contentType);

    /// <summary>Removes a rendered file unless a render at least as new wrote it (conditional on the ETag read). True when it removed one.</summary>
    public async Task<bool> DeleteVersionedAsync(string path, long version, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        for (var attempt = 1; attempt <= MaxConditionalAttempts; attempt++)
        {
            if (await StateAsync(path, cancellationToken) is not { } state || VersionOf(state) >= version)
            {
                return false;
            }

            try
            {
                await _container.GetBlobClient(path).DeleteAsync(conditions: new BlobRequestConditions { IfMatch = state.ETag }, cancellationToken: cancellationToken);
                return true;
            }
            catch (RequestFailedException lost) when (lost.Status is 404 or 409 or 412)
            {
            }
        }

        throw new InvalidOperationException($"Could not remove {path}: other renders kept writing it.");
    }

    /// <summary>
    /// Writes a file on condition (If-Match its ETag, or If-None-Match: * when <paramref name="expected"/>
    /// is null), with extra metadata. False when another writer got there first.
    /// </summary>
    public async Task<bool> PutIfAsync(string path, byte[] content, string contentType, string cacheControl, IReadOnlyDictionary<string, string> metadata, ETag? expected, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var all = new Dictionary<string, string>(metadata) { [HashKey] = Convert.ToHexStringLower(SHA256.HashData(content)) };
        try
        {
            await UploadAsync(_container.GetBlobClient(path), content, contentType, cacheControl, all, expected is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken);
            return true;
        }
        catch (RequestFailedException lost) when (lost.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Removes a file on condition of its ETag; false when it changed (or went) meanwhile.</summary>
    public async Task<bool> DeleteIfAsync(string path, ETag expected, CancellationToken cancellationToken)
    {
        try
        {
            await _container.GetBlobClient(path).DeleteAsync(conditions: new BlobRequestConditions { IfMatch = expected }, cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException lost) when (lost.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    /// <summary>A file's ETag and metadata, or null when there is none.</summary>
    public async Task<WebFileState?> StateAsync(string path, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        try
        {
            var properties = (await _container.GetBlobClient(path).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new WebFileState(properties.ETag, new Dictionary<string, string>(properties.Metadata, StringComparer.Ordinal), properties.CacheControl, properties.ContentType);
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }

    private static long VersionOf(WebFileState state)
        => state.Metadata.TryGetValue(VersionKey, out var text) && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : 0;

    private static async Task UploadAsync(BlobClient blob, byte[] content, string contentType, string cacheControl, Dictionary<string, string> metadata, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        var compress = IsText(contentType);
        using var body = new MemoryStream(compress ? Gzip(content) : content);
        await blob.UploadAsync(body, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders
            {
                ContentType = contentType,
                ContentEncoding = compress ? "gzip" : null,
                CacheControl = cacheControl,
            },
            Metadata = metadata,
            Conditions = conditions,
        }, cancellationToken);
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await _container.GetBlobClient(path).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>The file at a path, as stored (still compressed), or null.</summary>
    public async Task<WebFile?> GetAsync(string path, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        try
        {
            var download = await _container.GetBlobClient(path).DownloadContentAsync(cancellationToken);
            var details = download.Value.Details;
            return new WebFile(download.Value.Content.ToArray(), details.ContentType, details.ContentEncoding, details.CacheControl, details.ETag);
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var paths = new List<string>();
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            paths.Add(blob.Name);
        }

        return paths;
    }

    /// <summary>One page of at most <paramref name="size"/> names under <paramref name="prefix"/>, from <paramref name="continuation"/> (null: the first): a bounded step of a walk over $web.</summary>
    public async Task<WebListing> ListPageAsync(string prefix, string? continuation, int size, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await foreach (var page in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).AsPages(continuation, size))
        {
            return new WebListing([.. page.Values.Select(blob => blob.Name)], string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new WebListing([], null);
    }

    private static bool IsText(string contentType)
        => contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.Contains("json", StringComparison.Ordinal)
           || contentType.Contains("xml", StringComparison.Ordinal) || contentType.Contains("javascript", StringComparison.Ordinal);

    private static byte[] Gzip(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return compressed.ToArray();
    }

    private Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var created = _created ??= _container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        if (created.IsFaulted)
        {
            _created = null;
        }

        return created.WaitAsync(cancellationToken);
    }
}
