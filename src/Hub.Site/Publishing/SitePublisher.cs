using Hub.Core.Entries;
using Hub.Core.Publishing;
using Microsoft.Extensions.Logging;

namespace Hub.Site.Publishing;

/// <summary>
/// The site's side of a committed change: decides what it makes stale (<see cref="StalePages"/>)
/// and renders each unit through <see cref="PageClaims"/>, coalesced with every other process's
/// renders and versioned so that none overwrites a newer one. Failures are thrown, so the
/// follow-up that called tries again.
/// </summary>
public sealed partial class SitePublisher(
    PageClaims claims,
    UnitRenders renders,
    SiteFiles files,
    SiteRepublish republish,
    EntryRepository resources,
    ILogger<SitePublisher> logger) : IPageUpdates
{
    /// <summary>Entry pages one <see cref="RulesChangedAsync"/> call renders.</summary>
    public const int RulesBatch = 25;

    /// <summary>Units rendered at once within one call (a save's lists, a batch of entries).</summary>
    private const int Parallelism = 4;

    public Task EntryChangedAsync(string entryId, EntryListing? before, EntryListing? after, CancellationToken cancellationToken)
        => RenderAsync(StalePages.ForEntry(entryId, before, after), cancellationToken);

    public Task DiscussionChangedAsync(string entryId, CancellationToken cancellationToken)
        => RenderAsync(StalePages.ForDiscussion(entryId), cancellationToken);

    public async Task<string?> RulesChangedAsync(string? cursor, CancellationToken cancellationToken)
    {
        var (ids, next) = await resources.ListIdsAsync(cursor, RulesBatch, cancellationToken);
        await RenderAsync(StalePages.ForRules(ids), cancellationToken);
        return next;
    }

    /// <summary>
    /// Everything, idempotently, to the end: the site's files from <paramref name="staticWebRoot"/>
    /// (when given) and a full republish (<see cref="SiteRepublish.PublishAllAsync"/>). Returns how
    /// many files were written. What <c>hub publish</c> and the local host's start-up call.
    /// </summary>
    public Task<int> PublishAllAsync(string? staticWebRoot, CancellationToken cancellationToken)
        => republish.PublishAllAsync(staticWebRoot, cancellationToken);

    private async Task RenderAsync(IReadOnlyList<PageUnit> units, CancellationToken cancellationToken)
    {
        await files.LoadAssetsAsync(cancellationToken);
        await Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (unit, token) =>
        {
            try
            {
                await claims.RequestAsync(unit, async (claim, inner) =>
                {
                    var written = await renders.RenderAsync(unit, claim, inner);
                    LogRendered(logger, unit.Key, claim.Version, written);
                }, token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, unit.Key, exception);
                throw;
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rendered {Unit} at version {Version}: {Written} files written")]
    private static partial void LogRendered(ILogger logger, string unit, long version, int written);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not render {Unit}; the follow-up that asked tries again until it succeeds")]
    private static partial void LogFailed(ILogger logger, string unit, Exception exception);
}
