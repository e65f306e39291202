using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Site.Publishing;

/// <summary>
/// What a render of a unit writes with: its version, whether it still holds its claim, and whether
/// it must fence (move the version on every file it writes, even one whose bytes did not change),
/// because an earlier render of the unit may not have finished its writes (see <see cref="PageClaims"/>).
/// </summary>
public sealed record RenderClaim(long Version, Func<CancellationToken, Task<bool>> StillHeldAsync, bool Fence = true);

/// <summary>
/// Coalesces and versions the renders of each <see cref="PageUnit"/> across every process, with
/// one row per unit in the Pages table (PartitionKey = the unit's key), every write to it
/// conditional on the ETag read: <c>Version</c> (one more at each claim), a claim (<c>Owner</c>,
/// <c>Until</c>, a lease) and <c>Covered</c> (the highest version whose render finished).
/// <para>A call (made after the change it follows has committed) reads the row once: call what it
/// saw <c>S</c>, with version <c>s</c>. It returns as soon as it sees <c>Covered &gt; s</c>, or a
/// live claim with a version above <c>s</c>. If no claim is live it claims (version + 1), renders,
/// and records <c>Covered = max(Covered, version)</c> while dropping its claim; if a claim is live,
/// it waits and reads again. A waiting call writes nothing, so a crowd of callers does not contend
/// for the row.</para>
/// <para>Why this holds:</para>
/// <list type="number">
/// <item>The row's writes are serialised by its ETag, and each claim raises the version: each
/// claim has its own version, above every earlier claim's.</item>
/// <item>A claim with a version above <c>s</c> was written after <c>S</c> was read, so after the
/// call's change committed; its render reads after its claim: it shows the change. So when a
/// call returns, a render that shows its change has finished, or has started after the call.</item>
/// <item>Each file a render writes carries its version, and is written only over a lower one
/// (the blob's ETag, <see cref="WebContainer.PutVersionedAsync(string, byte[], string, string, RenderClaim, CancellationToken)"/>). A higher version was claimed
/// later and reads later, so no file goes back to an older render: a slow render whose lease ran
/// out, or a full republish racing a single page, never overwrites a newer one.</item>
/// <item>While a claim is live, callers wait rather than render: a burst renders once for the
/// first caller and once more for all that came during that render (the first of them to claim
/// after it; the rest see that claim and return).</item>
/// <item>A process that dies holding a claim leaves the unit uncovered; its lease runs out after
/// <see cref="Lease"/>, and the next call for the unit claims it and renders. A render that fails
/// in-process drops its claim at once and the call throws, so the follow-up calling it tries
/// again (nothing on a clock repairs it: the follow-up is what is finished after a crash).</item>
/// </list>
/// <para><b>Unchanged bytes are not written, so a page's ETag moves only when its bytes do.</b> A
/// render that finds a file's bytes (and headers) unchanged leaves the blob alone, version and all,
/// so readers' caches keep getting 304. That is safe only if no older render can still write the
/// file afterwards: with the blob's version left at, say, 5, a render 6 still running would find
/// 5 &lt; 6 and put its older bytes back over render 7's. So the row also keeps <c>Fence</c>: set
/// when a claim takes over from one whose lease ran out (that render may still be running), and
/// when a render fails (a write it sent may still land); cleared only when a render claimed with
/// it set finishes, covered, still holding its claim. A render claimed while <c>Fence</c> is set
/// moves the version on every file it writes, unchanged bytes too (the old behaviour: the ETag
/// changes once), so every earlier render's write is refused from then on. When <c>Fence</c> is
/// clear, every earlier claim ended by finishing its render: its writes were all answered, and no
/// earlier render is left to write. Claims are serialised (item 1), so no render older than this one
/// is running either. Blob index tags were the other way (Azurite 3.37 has Set Blob Tags and
/// <c>x-ms-if-tags</c>; tags do not change the ETag): they need a tag request per write and the
/// Storage Blob Data Owner role, where this needs neither.</para>
/// <para>A unit that does not coalesce (<see cref="PageUnit.Coalesces"/>: some pages of a month,
/// <see cref="PageUnit.MonthPages"/>) renders only what its own change touched, so another
/// caller's render does not cover it: it never returns early, but waits for no live claim,
/// claims and renders its own. Its claims are still serialised with every other render of the
/// month (it shares the month's key), so the versions and fences above hold for it too.</para>
/// <para>A full republish (<see cref="SiteRepublish"/>) passes its pass id: a unit whose row says a
/// render of this pass finished is not rendered again, so a pass that meets a unit twice, or resumes
/// after a crash, renders it once.</para>
/// </summary>
public sealed partial class PageClaims(HubTables tables, TimeProvider clock, ILogger<PageClaims> logger)
{
    /// <summary>How long a claim holds without its holder finishing (far above a render's time).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private const string Row = "";
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(500);

    /// <summary>Asks for a render of <paramref name="unit"/> and returns when one that shows every change committed before the call is written, or under way.</summary>
    /// <param name="pass">A full republish's pass id: return at once when a render of this pass has finished for the unit.</param>
    public async Task RequestAsync(PageUnit unit, Func<RenderClaim, CancellationToken, Task> render, CancellationToken cancellationToken, string? pass = null)
    {
        var table = await tables.GetAsync(HubTables.Pages, cancellationToken);
        var key = unit.Key;
        var row = await ReadAsync(table, key, cancellationToken);
        var seen = row.Version;
        var wait = FirstWait;
        while (true)
        {
            if ((unit.Coalesces && (row.Covered > seen || (IsLive(row) && row.Version > seen))) || (pass is not null && row.Pass == pass))
            {
                return;
            }

            if (IsLive(row))
            {
                await Task.Delay(wait, clock, cancellationToken);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
                row = await ReadAsync(table, key, cancellationToken);
                continue;
            }

            var next = Copy(row, key);
            if (!string.IsNullOrEmpty(row.Owner))
            {
                LogLeaseExpired(logger, key);
                next.Fence = true; // its render may still be writing
            }

            next.Owner = Guid.NewGuid().ToString("N");
            next.Until = clock.GetUtcNow() + Lease;
            next.Version += 1;
            if (await TryWriteAsync(table, row, next, cancellationToken) is { } claimed)
            {
                await RenderAsync(table, claimed, render, pass, cancellationToken);
                return;
            }

            row = await ReadAsync(table, key, cancellationToken);
        }
    }

    private async Task RenderAsync(TableClient table, PageRow claimed, Func<RenderClaim, CancellationToken, Task> render, string? pass, CancellationToken cancellationToken)
    {
        var owner = claimed.Owner!;
        var claim = new RenderClaim(
            claimed.Version,
            async token =>
            {
                var now = await ReadAsync(table, claimed.PartitionKey, token);
                return now.Owner == owner && IsLive(now);
            },
            claimed.Fence);
        try
        {
            await render(claim, cancellationToken);
        }
        catch
        {
            // Let the next call render at once, rather than after the lease (the caller is told, and tries again).
            await FinishAsync(table, claimed, covered: false, pass: null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await FinishAsync(table, claimed, covered: true, pass, cancellationToken);
    }

    /// <summary>
    /// Records what the render covered and drops the claim if it is still ours: a covered render
    /// that fenced clears the fence, a failed one sets it (a write it sent may still land). When the
    /// claim is no longer ours, whoever took it over has set the fence already.
    /// </summary>
    private static async Task FinishAsync(TableClient table, PageRow claimed, bool covered, string? pass, CancellationToken cancellationToken)
    {
        var row = claimed;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var next = Copy(row, row.PartitionKey);
            if (covered)
            {
                next.Covered = Math.Max(row.Covered, claimed.Version);
                next.Pass = pass ?? row.Pass;
            }

            if (row.Owner == claimed.Owner)
            {
                next.Owner = null;
                next.Until = null;
                next.Fence = !covered; // still ours: nobody took it over, so nothing older than this render is left to write
            }

            if (next.Covered == row.Covered && next.Owner == row.Owner && next.Fence == row.Fence && next.Pass == row.Pass)
            {
                return;
            }

            try
            {
                if (await TryWriteAsync(table, row, next, cancellationToken) is not null)
                {
                    return;
                }
            }
            catch (RequestFailedException) when (!covered)
            {
                return; // best effort: the lease runs out anyway
            }

            row = await ReadAsync(table, claimed.PartitionKey, cancellationToken);
        }
    }

    private bool IsLive(PageRow row) => !string.IsNullOrEmpty(row.Owner) && row.Until is { } until && until > clock.GetUtcNow();

    private static PageRow Copy(PageRow row, string key) => new()
    {
        PartitionKey = key,
        RowKey = Row,
        Covered = row.Covered,
        Version = row.Version,
        Owner = row.Owner,
        Until = row.Until,
        Fence = row.Fence,
        Pass = row.Pass,
    };

    /// <summary>Writes <paramref name="next"/> over <paramref name="read"/> if the row did not change meanwhile; null when it did.</summary>
    private static async Task<PageRow?> TryWriteAsync(TableClient table, PageRow read, PageRow next, CancellationToken cancellationToken)
        => await table.TryWriteAsync(next, read.ETag, cancellationToken) ? next : null;

    private static async Task<PageRow> ReadAsync(TableClient table, string key, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<PageRow>(key, Row, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value! : new PageRow { PartitionKey = key, RowKey = Row };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The render of {Unit} was claimed by a process that did not finish within its lease; rendering it here")]
    private static partial void LogLeaseExpired(ILogger logger, string unit);
}

/// <summary>The Pages table's row for one unit (see <see cref="PageClaims"/>).</summary>
public sealed class PageRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The version of the last claim.</summary>
    public long Version { get; set; }

    /// <summary>The highest version whose render finished.</summary>
    public long Covered { get; set; }

    public string? Owner { get; set; }

    public DateTimeOffset? Until { get; set; }

    /// <summary>An earlier render may not have finished its writes: renders claimed now move the version on every file they write.</summary>
    public bool Fence { get; set; }

    /// <summary>The full republish whose render of this unit finished last (<see cref="SiteRepublish"/>).</summary>
    public string? Pass { get; set; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PartitionKey}: version {Version}, covered {Covered}, fence {Fence}");
}
