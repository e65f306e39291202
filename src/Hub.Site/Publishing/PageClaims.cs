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
/// one row per unit in the Pages table (PartitionKey = the unit's key) and conditional writes on
/// its ETag:
/// <list type="bullet">
/// <item><c>Requested</c>: how many renders were asked for. A call adds one and gets its ticket
/// <c>t</c>; it is made after the change it follows has committed.</item>
/// <item><c>Covered</c>: the highest ticket a finished render covers.</item>
/// <item>A claim: <c>Owner</c>, <c>Until</c> (a lease), <c>Claimed</c> (the <c>Requested</c> it saw)
/// and <c>Version</c> (one more than the last claim's).</item>
/// </list>
/// A call returns when <c>Covered ≥ t</c>, or when a live claim has <c>Claimed ≥ t</c>. Otherwise,
/// if no claim is live (none, or its lease ran out), it claims (with the same write that takes its
/// ticket when it can), renders, and records <c>Covered = max(Covered, Claimed)</c> while dropping
/// its claim; if a claim is live, it waits and reads the row again.
/// <para>Why this holds:</para>
/// <list type="number">
/// <item>Every write to the row is conditional on the ETag read, so the row's changes are
/// serialised; <c>Requested</c> and <c>Version</c> only grow, so each claim has its own version,
/// higher than every earlier claim's.</item>
/// <item>A claim with <c>Claimed = c</c> is written after the row showed <c>Requested = c</c>, so
/// after every call with a ticket ≤ c took it, so after the changes those calls follow committed.
/// Its render reads after the claim is written: it shows every one of those changes.</item>
/// <item>So when a call returns, a render that shows its change has finished (Covered ≥ t), or has
/// started after the call (a live claim with Claimed ≥ t).</item>
/// <item>Each file a render writes carries its version, written only over a lower one (the blob's
/// ETag, <see cref="WebContainer.PutVersionedAsync"/>). A later claim covers at least as many
/// tickets, so no file goes back to a render that covers fewer changes: a slow render whose lease
/// ran out, or a full republish racing a single page, never overwrites a newer one.</item>
/// <item>While a claim is live, calls wait instead of rendering: a burst of calls renders once for
/// the first, and once more for all that came during it (each later call finds a claim with its
/// ticket, or covered). 20 approvals on one entry render it two or three times.</item>
/// <item>A process that dies holding a claim leaves <c>Requested &gt; Covered</c>. Its lease runs out
/// after <see cref="Lease"/>; the next call for the unit claims it and renders, and the site's
/// repair (a full republish, which goes through the same claims) renders every unit. A render that
/// fails in-process drops its claim at once and the call throws, so the follow-up calling it tries again.</item>
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

        // Take a ticket, claiming at once when nobody holds the unit.
        long ticket;
        while (true)
        {
            var next = Copy(row, key);
            next.Requested = row.Requested + 1;
            var claiming = !IsLive(row);
            if (claiming)
            {
                Claim(next, next.Requested);
            }

            if (await TryWriteAsync(table, row, next, cancellationToken) is { } written)
            {
                ticket = next.Requested;
                row = written;
                if (claiming)
                {
                    await RenderAsync(table, row, render, cancellationToken);
                    return;
                }

                break;
            }

            row = await ReadAsync(table, key, cancellationToken);
        }

        var wait = FirstWait;
        while (true)
        {
            if (row.Covered >= ticket || (IsLive(row) && row.Claimed >= ticket))
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
            Claim(next, row.Requested);
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
                next.Covered = Math.Max(row.Covered, claimed.Claimed);
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

    private void Claim(PageRow row, long claimed)
    {
        row.Owner = Guid.NewGuid().ToString("N");
        row.Until = clock.GetUtcNow() + Lease;
        row.Claimed = claimed;
        row.Version += 1;
    }

    private bool IsLive(PageRow row) => !string.IsNullOrEmpty(row.Owner) && row.Until is { } until && until > clock.GetUtcNow();

    private static PageRow Copy(PageRow row, string key) => new()
    {
        PartitionKey = key,
        RowKey = Row,
        Requested = row.Requested,
        Covered = row.Covered,
        Version = row.Version,
        Claimed = row.Claimed,
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

    public long Requested { get; set; }

    public long Covered { get; set; }

    public long Version { get; set; }

    public long Claimed { get; set; }

    public string? Owner { get; set; }

    public DateTimeOffset? Until { get; set; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PartitionKey}: requested {Requested}, covered {Covered}, version {Version}");
}
