using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Site.Publishing;

/// <summary>What a render of a unit writes with: its version, and whether it still holds its claim.</summary>
public sealed record RenderClaim(long Version, Func<CancellationToken, Task<bool>> StillHeldAsync);

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
/// (the blob's ETag, <see cref="WebContainer.PutVersionedAsync"/>). A higher version was claimed
/// later and reads later, so no file goes back to an older render: a slow render whose lease ran
/// out, or a full republish racing a single page, never overwrites a newer one.</item>
/// <item>While a claim is live, callers wait rather than render: a burst renders once for the
/// first caller and once more for all that came during that render (the first of them to claim
/// after it; the rest see that claim and return).</item>
/// <item>A process that dies holding a claim leaves the unit uncovered; its lease runs out after
/// <see cref="Lease"/>, and the next call for the unit claims it and renders. The site's repair (a
/// full republish, through the same claims) renders every unit. A render that fails in-process
/// drops its claim at once and the call throws, so the follow-up calling it tries again.</item>
/// </list>
/// </summary>
public sealed partial class PageClaims(HubTables tables, TimeProvider clock, ILogger<PageClaims> logger)
{
    /// <summary>How long a claim holds without its holder finishing (far above a render's time).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private const string Row = "";
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(500);

    /// <summary>Asks for a render of <paramref name="unit"/> and returns when one that shows every change committed before the call is written, or under way.</summary>
    public async Task RequestAsync(PageUnit unit, Func<RenderClaim, CancellationToken, Task> render, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(HubTables.Pages, cancellationToken);
        var key = unit.Key;
        var row = await ReadAsync(table, key, cancellationToken);
        var seen = row.Version;
        var wait = FirstWait;
        while (true)
        {
            if (row.Covered > seen || (IsLive(row) && row.Version > seen))
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

            if (!string.IsNullOrEmpty(row.Owner))
            {
                LogLeaseExpired(logger, key);
            }

            var next = Copy(row, key);
            next.Owner = Guid.NewGuid().ToString("N");
            next.Until = clock.GetUtcNow() + Lease;
            next.Version += 1;
            if (await TryWriteAsync(table, row, next, cancellationToken) is { } claimed)
            {
                await RenderAsync(table, claimed, render, cancellationToken);
                return;
            }

            row = await ReadAsync(table, key, cancellationToken);
        }
    }

    private async Task RenderAsync(TableClient table, PageRow claimed, Func<RenderClaim, CancellationToken, Task> render, CancellationToken cancellationToken)
    {
        var owner = claimed.Owner!;
        var claim = new RenderClaim(claimed.Version, async token =>
        {
            var now = await ReadAsync(table, claimed.PartitionKey, token);
            return now.Owner == owner && IsLive(now);
        });
        try
        {
            await render(claim, cancellationToken);
        }
        catch
        {
            // Let the next call render at once, rather than after the lease (the caller is told, and tries again).
            await FinishAsync(table, claimed, covered: false, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await FinishAsync(table, claimed, covered: true, cancellationToken);
    }

    /// <summary>Records what the render covered and drops the claim if it is still ours.</summary>
    private static async Task FinishAsync(TableClient table, PageRow claimed, bool covered, CancellationToken cancellationToken)
    {
        var row = claimed;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var next = Copy(row, row.PartitionKey);
            if (covered)
            {
                next.Covered = Math.Max(row.Covered, claimed.Version);
            }

            if (row.Owner == claimed.Owner)
            {
                next.Owner = null;
                next.Until = null;
            }

            if (next.Covered == row.Covered && next.Owner == row.Owner)
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
    };

    /// <summary>Writes <paramref name="next"/> over <paramref name="read"/> if the row did not change meanwhile; null when it did.</summary>
    private static async Task<PageRow?> TryWriteAsync(TableClient table, PageRow read, PageRow next, CancellationToken cancellationToken)
    {
        try
        {
            var response = read.ETag == default
                ? await table.AddEntityAsync(next, cancellationToken)
                : await table.UpdateEntityAsync(next, read.ETag, TableUpdateMode.Replace, cancellationToken);
            next.ETag = response.Headers.ETag ?? default;
            return next;
        }
        catch (RequestFailedException lost) when (lost.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

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

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PartitionKey}: version {Version}, covered {Covered}");
}
