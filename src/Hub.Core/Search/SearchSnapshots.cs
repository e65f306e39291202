using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Hub.Core.Search;

/// <summary>A snapshot as read: the index, the time up to which it holds every change, and its size.</summary>
public sealed record SearchSnapshot(SearchIndex Index, DateTimeOffset Watermark, long Bytes);

/// <summary>
/// The search index as one blob (its Lucene files, zipped) in the private container
/// <see cref="ContainerName"/>, so a new instance gets the whole index in one download rather than
/// by reading every entry. Written every <see cref="EntrySearch.SnapshotEvery"/> changes by the
/// follow-up, and by a rebuild; its metadata says up to when it holds every change (the
/// watermark), so a reader goes on from there with <see cref="SearchChanges"/>. The blob's name
/// carries <see cref="FormatVersion"/>: a build that indexes differently reads none of an older
/// build's snapshots, and builds its own from the Resources table once.
/// </summary>
public sealed class SearchSnapshots(BlobServiceClient blobs)
{
    public const string ContainerName = "hub-search";

    /// <summary>Raised whenever what is indexed or how (fields, analyzer, weights) changes.</summary>
    public const int FormatVersion = 1;

    private const string WatermarkKey = "watermark";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(ContainerName);
    private Task? _created;

    public static string BlobName => $"index-v{FormatVersion}.zip";

    /// <summary>The snapshot (one request), or null when there is none for this build's format.</summary>
    public async Task<SearchSnapshot?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var download = await _container.GetBlobClient(BlobName).DownloadContentAsync(cancellationToken);
            var watermark = download.Value.Details.Metadata.TryGetValue(WatermarkKey, out var text)
                            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
                ? parsed
                : DateTimeOffset.MinValue;
            using var content = download.Value.Content.ToStream();
            return new SearchSnapshot(SearchIndex.Load(content), watermark, download.Value.Content.ToMemory().Length);
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }

    private async Task CreatedAsync()
    {
        var creation = _created ??= _container.CreateIfNotExistsAsync(PublicAccessType.None);
        try
        {
            await creation;
        }
        catch
        {
            // Storage down: the next write tries again.
            _created = null;
            throw;
        }
    }

    /// <summary>Writes the index as the snapshot, over any other (each is whole and says what it holds); its size in bytes.</summary>
    public async Task<long> WriteAsync(SearchIndex index, DateTimeOffset watermark, CancellationToken cancellationToken)
    {
        using var bytes = new MemoryStream();
        index.Save(bytes);
        bytes.Position = 0;
        await CreatedAsync();
        await _container.GetBlobClient(BlobName).UploadAsync(bytes, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" },
            Metadata = new Dictionary<string, string> { [WatermarkKey] = watermark.ToString("O", CultureInfo.InvariantCulture) },
        }, cancellationToken);
        return bytes.Length;
    }
}
