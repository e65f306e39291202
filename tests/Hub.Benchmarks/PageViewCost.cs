using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Hub.Testing;

namespace Hub.Benchmarks;

/// <summary>
/// What a million entry-page views cost in Azure, from what one view measured here: the storage
/// requests (blob reads from the static website) and the bytes on the wire, priced with Azure's
/// published list prices (<see cref="Prices"/>). No function runs and no table is read for a view.
/// </summary>
internal static partial class PageViewCost
{
    public static async Task PrintAsync(StorageProbe probe, Uri siteAddress, string entryId)
    {
        // Bytes as they cross the wire: this client keeps the compressed bodies as they came.
        using var site = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = siteAddress };
        // A first visit fetches the page and its fingerprinted assets; a return visit has the assets cached (immutable, a year).
        var page = await MeasureAsync(probe, site, $"/entries/{entryId}/");
        using var plain = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All }) { BaseAddress = siteAddress };
        var html = await plain.GetStringAsync($"/entries/{entryId}/");
        var assets = new List<(int Storage, long Bytes)>();
        foreach (Match asset in AssetReference().Matches(html))
        {
            assets.Add(await MeasureAsync(probe, site, asset.Groups["path"].Value));
        }

        var first = (Storage: page.Storage + assets.Sum(asset => asset.Storage), Bytes: page.Bytes + assets.Sum(asset => asset.Bytes));
        Console.WriteLine($"A million entry-page views, priced with {Prices.Source}:");
        Print("first visits (page and its assets)", first.Storage, first.Bytes);
        Print("return visits (the page; assets cached)", page.Storage, page.Bytes);
        Console.WriteLine("Function executions per view: 0; table transactions per view: 0. Storage capacity (a few MB) and free grants are left out.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"For comparison, a million API reads of an entry not in memory: ${Prices.ExecutionsPerMillion:F2} executions + ${1_000_000 / 10_000.0 * Prices.TablePer10K:F3} table reads + compute at ${Prices.PerGBSecond} per GB-s (2 GB instance: ${Prices.PerGBSecond * 2 * 0.005 * 1_000_000:F2} at 5 ms each)."));
    }

    private static void Print(string visit, int storage, long bytes)
    {
        const double views = 1_000_000;
        var reads = views * storage / 10_000 * Prices.BlobReadPer10K;
        var gigabytes = views * bytes / 1e9;
        var egress = gigabytes * Prices.EgressPerGB;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {visit,-42} {storage} blob reads, {bytes / 1024.0:F1} KB each view: reads ${reads:F2} + {gigabytes:F1} GB out ${egress:F2} = ${reads + egress:F2}"));
    }

    /// <summary>One GET as a browser sends it (gzip accepted), with its storage requests and the bytes of its compressed body.</summary>
    private static async Task<(int Storage, long Bytes)> MeasureAsync(StorageProbe probe, HttpClient site, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        probe.StartRecording();
        using var response = await site.SendAsync(request);
        var storage = probe.StopRecording().Count;
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync();
        return (storage, body.LongLength + HeaderBytes(response));
    }

    /// <summary>The status line and headers, roughly as they cross the wire.</summary>
    private static long HeaderBytes(HttpResponseMessage response)
        => 17 + response.Headers.Concat(response.Content.Headers).Sum(header => header.Key.Length + 4 + string.Join(", ", header.Value).Length);

    [GeneratedRegex(@"(?:href|src)=""(?<path>/assets/[^""]+)""")]
    private static partial Regex AssetReference();
}

/// <summary>
/// Azure's list prices (pay-as-you-go, USD, LRS, a North American region), as the Azure Retail
/// Prices API (https://prices.azure.com/api/retail/prices) gave them on the dates noted; the
/// pricing pages they correspond to are https://azure.microsoft.com/en-us/pricing/details/storage/blobs/,
/// .../storage/tables/, .../functions/ and .../bandwidth/. They could not be checked live from
/// the machine these figures were made on (no internet): check them before relying on the totals.
/// </summary>
internal static class Prices
{
    public const string Source = "Azure list prices (Retail Prices API, East US/Zone 1, as of 2026-09-24; egress 2026-04-30)";

    /// <summary>Block blob, general-purpose v2, Hot, LRS: read operations.</summary>
    public const double BlobReadPer10K = 0.004;

    /// <summary>Internet egress from Zone 1, Microsoft network routing, after the first 100 GB a month (free).</summary>
    public const double EgressPerGB = 0.087;

    /// <summary>Table Storage, LRS: transactions.</summary>
    public const double TablePer10K = 0.00036;

    /// <summary>Functions Flex Consumption, on demand: executions (after 250,000 free a month).</summary>
    public const double ExecutionsPerMillion = 0.40;

    /// <summary>Functions Flex Consumption, on demand: compute (after 100,000 GB-s free a month).</summary>
    public const double PerGBSecond = 0.000026;
}
