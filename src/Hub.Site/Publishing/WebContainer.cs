using System.IO.Compression;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Hub.Site.Publishing;

/// <summary>A file as the static website serves it.</summary>
public sealed record WebFile(byte[] Content, string ContentType, string? ContentEncoding, string? CacheControl, ETag ETag);

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
            Metadata = new Dictionary<string, string> { [HashKey] = hash },
        }, cancellationToken);
        return true;
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
