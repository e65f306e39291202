using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Hub.Core.Entries;
using Hub.Core.Publishing;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Site.Publishing;

/// <summary>What a check of the site's render version found or did.</summary>
public enum SiteCheck
{
    /// <summary>The site is published at today's render version: one storage read, nothing written.</summary>
    Current,

    /// <summary>Another instance is running a pass; it is left to finish.</summary>
    UnderWay,

    /// <summary>A pass ran here, to the end, and recorded the render version.</summary>
    Published,

    /// <summary>Another instance (or <c>hub publish</c>) took the pass over; this one stopped.</summary>
    TakenOver,
}

/// <summary>
/// The full republish, which happens once per <see cref="RenderVersion"/>, never on a schedule:
/// pages change through the follow-ups of the changes that make them stale, and only a new
/// rendering (templates, assets, the site's addresses, the sign-in providers) makes every page
/// stale. <see cref="CheckAsync"/> (a timer, every few minutes) reads the site's row
/// (<see cref="SiteRow"/>): when it names today's version and no pass, that one read is all.
/// Otherwise it claims the row and runs the pass in bounded batches, each a fixed number of units:
/// <list type="number">
/// <item><c>fixed</c>: config.json, the 404 page, robots.txt, the site's sitemap, the home page;</item>
/// <item><c>entries</c>: <see cref="EntriesPerBatch"/> entries of the date list at a time, from a
/// cursor: each entry's page, and the front page and month of every list it is on (a list's
/// front renders its archive index again too);</item>
/// <item><c>blobs</c>: <see cref="BlobsPerBatch"/> names of the rendered prefixes of $web at a time,
/// with the listing's continuation: pages of entries, lists and months that are gone are rendered
/// (which removes them), and old list addresses are kept as pages pointing to the archive.</item>
/// </list>
/// After each batch the row records where the pass got to and renews the claim, conditional on its
/// ETag: a crash resumes from there at the next check, and an instance whose write is refused has
/// been taken over and stops. Each unit goes through <see cref="PageClaims"/> with the pass's id,
/// so a unit met twice (a list on many entries) or already rendered before a crash is rendered
/// once, and a pass racing a change's render never leaves the older page. The last batch records
/// the version. <c>hub publish</c> and the local host's start-up run a pass to the end at once
/// (<see cref="PublishAllAsync"/>), taking over any pass under way.
/// <para>The seam for running the pass as a follow-up instead: <see cref="CheckAsync"/> and each
/// batch are idempotent and keep their state in the row, so a follow-up handler could call
/// <see cref="CheckAsync"/> (or one batch at a time) in place of the timer.</para>
/// </summary>
public sealed partial class SiteRepublish(
    HubTables tables,
    RenderVersion renderVersion,
    UnitRenders renders,
    PageClaims claims,
    ListPages listPages,
    SiteFiles files,
    WebContainer web,
    EntryRepository resources,
    TimeProvider clock,
    ILogger<SiteRepublish> logger)
{
    /// <summary>Entries whose units one batch renders.</summary>
    public const int EntriesPerBatch = 50;

    /// <summary>Blob names one batch of the walk over $web reads.</summary>
    public const int BlobsPerBatch = 100;

    /// <summary>How long a batch's claim of the row holds (far above a batch's time).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private const string Fixed = "fixed";
    private const string Entries = "entries";
    private const string Blobs = "blobs";
    private const int Parallelism = 4;
    private const int MaxClaimAttempts = 8;

    /// <summary>The prefixes of $web that hold rendered pages (the rest is the site's folder).</summary>
    private static readonly string[] Prefixes = ["entries/", "page/", "archive/", "sitemaps/", "categories/", "tags/"];

    /// <summary>Compares the render version with the one the site was published at, and runs (or resumes) the pass when they differ.</summary>
    public async Task<SiteCheck> CheckAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(HubTables.Pages, cancellationToken);
        var row = await ReadAsync(table, cancellationToken);
        var version = renderVersion.Of(row.Assets);
        if (row.Target is null && row.Published == version)
        {
            return SiteCheck.Current;
        }

        if (IsLive(row))
        {
            return SiteCheck.UnderWay;
        }

        var next = row.Copy();
        if (row.Target == version && row.Pass is not null)
        {
            LogResuming(logger, version, row.Phase, row.Cursor);
        }
        else
        {
            LogStarting(logger, version, row.Published);
            Start(next, version);
        }

        if (await TryWriteAsync(table, row, Claim(next), cancellationToken) is not { } claimed)
        {
            return SiteCheck.UnderWay;
        }

        return (await RunAsync(table, claimed, cancellationToken)).Outcome;
    }

    /// <summary>
    /// Everything, idempotently, to the end: the site's files from <paramref name="staticWebRoot"/>
    /// (when given), then a new pass (taking over one under way). Unchanged files are not written.
    /// Returns how many files were written. What <c>hub publish</c> and the local host's start-up call.
    /// </summary>
    public async Task<int> PublishAllAsync(string? staticWebRoot, CancellationToken cancellationToken)
    {
        var written = 0;
        string? assets = null;
        if (staticWebRoot is not null)
        {
            var folder = await files.PublishFolderAsync(staticWebRoot, cancellationToken);
            (written, assets) = (folder.Written, folder.Assets);
        }

        var table = await tables.GetAsync(HubTables.Pages, cancellationToken);
        for (var attempt = 1; attempt <= MaxClaimAttempts; attempt++)
        {
            var row = await ReadAsync(table, cancellationToken);
            var next = row.Copy();
            next.Assets = assets ?? row.Assets;
            Start(next, renderVersion.Of(next.Assets));
            if (await TryWriteAsync(table, row, Claim(next), cancellationToken) is { } claimed)
            {
                var (outcome, count) = await RunAsync(table, claimed, cancellationToken);
                return outcome == SiteCheck.Published
                    ? written + count
                    : throw new InvalidOperationException("Another publish of the site took it over before this one finished.");
            }
        }

        throw new InvalidOperationException("Could not claim the site's row: other publishes kept writing it.");
    }

    private static void Start(SiteRow row, string version)
    {
        row.Target = version;
        row.Pass = Guid.NewGuid().ToString("N");
        row.Phase = Fixed;
        row.Cursor = null;
    }

    private SiteRow Claim(SiteRow row)
    {
        row.Owner = Guid.NewGuid().ToString("N");
        row.Until = clock.GetUtcNow() + Lease;
        return row;
    }

    private bool IsLive(SiteRow row) => !string.IsNullOrEmpty(row.Owner) && row.Until is { } until && until > clock.GetUtcNow();

    /// <summary>Runs batches from where the claimed row says, recording each step, until the pass ends or another instance takes it over.</summary>
    private async Task<(SiteCheck Outcome, int Written)> RunAsync(TableClient table, SiteRow row, CancellationToken cancellationToken)
    {
        var written = 0;
        try
        {
            await files.LoadAssetsAsync(cancellationToken, fresh: true);
            while (true)
            {
                var step = await BatchAsync(row.Phase ?? Fixed, row.Cursor, row.Pass!, cancellationToken);
                written += step.Written;
                var next = row.Copy();
                if (step.Phase is null)
                {
                    next.Published = row.Target;
                    next.Target = next.Pass = next.Phase = next.Cursor = next.Owner = null;
                    next.Until = null;
                }
                else
                {
                    next.Phase = step.Phase;
                    next.Cursor = step.Cursor;
                    next.Until = clock.GetUtcNow() + Lease;
                }

                if (await TryWriteAsync(table, row, next, cancellationToken) is not { } saved)
                {
                    LogTakenOver(logger, row.Target);
                    return (SiteCheck.TakenOver, written);
                }

                row = saved;
                if (step.Phase is null)
                {
                    LogPublished(logger, saved.Published, written);
                    return (SiteCheck.Published, written);
                }
            }
        }
        catch (Exception exception)
        {
            // Let the next check resume at once rather than after the lease; where the pass got to stays.
            var released = row.Copy();
            released.Owner = null;
            released.Until = null;
            try
            {
                await TryWriteAsync(table, row, released, CancellationToken.None).ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // Best effort: the lease runs out anyway.
            }

            LogInterrupted(logger, row.Target, row.Phase, row.Cursor, exception);
            throw;
        }
    }

    private async Task<(string? Phase, string? Cursor, int Written)> BatchAsync(string phase, string? cursor, string pass, CancellationToken cancellationToken)
    {
        switch (phase)
        {
            case Fixed:
                {
                    var written = await files.PublishFixedAsync(cancellationToken);
                    written += await RenderAsync([new PageUnit.Front(SiteList.Home)], pass, cancellationToken);
                    return (Entries, null, written);
                }

            case Entries:
                {
                    var page = await resources.ListAsync(new EntryQuery(Limit: EntriesPerBatch, After: cursor), cancellationToken);
                    var units = new HashSet<PageUnit>();
                    foreach (var entry in page.Items)
                    {
                        units.Add(new PageUnit.Entry(entry.Id));
                        foreach (var list in SiteList.Of(EntryListing.Of(entry)))
                        {
                            units.Add(new PageUnit.Front(list));
                            units.Add(new PageUnit.Month(list, ArchiveMonth.Of(entry.PublishedOn)));
                        }
                    }

                    var written = await RenderAsync(units, pass, cancellationToken);
                    return page.NextCursor is { } next && EntryCursor.TryDecode(next, out var after)
                        ? (Entries, after, written)
                        : (Blobs, BlobCursor(0, null), written);
                }

            case Blobs:
                {
                    var (prefix, continuation) = ParseBlobCursor(cursor);
                    var listing = await web.ListPageAsync(Prefixes[prefix], continuation, BlobsPerBatch, cancellationToken);
                    var units = new HashSet<PageUnit>();
                    var moved = new List<(string Blob, SiteList List)>();
                    foreach (var blob in listing.Paths)
                    {
                        if (ArchiveLayout.OldListPage(blob) is { } old)
                        {
                            moved.Add((blob, old));
                        }
                        else if (ArchiveLayout.UnitOf(blob) is { } unit)
                        {
                            units.Add(unit); // rendered in this pass already, or a page of something gone: its render removes it
                        }
                    }

                    var written = await RenderAsync(units, pass, cancellationToken);
                    written += await KeepMovedAsync(moved, cancellationToken);
                    return listing.Continuation is not null ? (Blobs, BlobCursor(prefix, listing.Continuation), written)
                        : prefix + 1 < Prefixes.Length ? (Blobs, BlobCursor(prefix + 1, null), written)
                        : (null, null, written);
                }

            default:
                throw new InvalidOperationException($"The site's row names a phase this build does not know: {phase}.");
        }
    }

    private async Task<int> RenderAsync(IReadOnlyCollection<PageUnit> units, string pass, CancellationToken cancellationToken)
    {
        var written = 0;
        await Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (unit, token) =>
            await claims.RequestAsync(
                unit,
                async (claim, inner) =>
                {
                    var count = await renders.RenderAsync(unit, claim, inner);
                    if (unit is PageUnit.Front front)
                    {
                        count += await listPages.RefreshIndexAsync(front.List, inner);
                    }

                    Interlocked.Add(ref written, count);
                },
                token,
                pass));
        return written;
    }

    /// <summary>Pages at addresses of the old layout stay, pointing to their list's archive, while the list has entries.</summary>
    private async Task<int> KeepMovedAsync(IReadOnlyList<(string Blob, SiteList List)> moved, CancellationToken cancellationToken)
    {
        var written = 0;
        var known = new Dictionary<SiteList, bool>();
        foreach (var (blob, list) in moved)
        {
            if (!known.TryGetValue(list, out var hasEntries))
            {
                known[list] = hasEntries = (await resources.ListAsync(new EntryQuery(list.Category, list.Tag, Limit: 1), cancellationToken)).Items.Count > 0;
            }

            if (hasEntries)
            {
                written += await files.PublishMovedAsync(blob, list, cancellationToken) ? 1 : 0;
            }
            else
            {
                await web.DeleteAsync(blob, cancellationToken);
            }
        }

        return written;
    }

    private static string BlobCursor(int prefix, string? continuation)
        => prefix.ToString(CultureInfo.InvariantCulture) + "|" + continuation;

    private static (int Prefix, string? Continuation) ParseBlobCursor(string? cursor)
    {
        var parts = (cursor ?? "0|").Split('|', 2);
        var prefix = int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < Prefixes.Length ? index : 0;
        return (prefix, parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null);
    }

    private static async Task<SiteRow?> TryWriteAsync(TableClient table, SiteRow read, SiteRow next, CancellationToken cancellationToken)
        => await table.TryWriteAsync(next, read.ETag, cancellationToken) ? next : null;

    private static async Task<SiteRow> ReadAsync(TableClient table, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<SiteRow>(SiteRow.Key, "", cancellationToken: cancellationToken);
        return found.HasValue ? found.Value! : new SiteRow();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The site's render version is now {Version} (published at {Published}): publishing every page once")]
    private static partial void LogStarting(ILogger logger, string version, string? published);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming the publish of render version {Version} at {Phase} {Cursor}")]
    private static partial void LogResuming(ILogger logger, string version, string? phase, string? cursor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published the site at render version {Version}: {Written} files written")]
    private static partial void LogPublished(ILogger logger, string? version, int written);

    [LoggerMessage(Level = LogLevel.Information, Message = "The publish of render version {Version} was taken over by another instance; stopping here")]
    private static partial void LogTakenOver(ILogger logger, string? version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The publish of render version {Version} stopped at {Phase} {Cursor}; the next check resumes it there")]
    private static partial void LogInterrupted(ILogger logger, string? version, string? phase, string? cursor, Exception exception);
}
