using Hub.Site.Publishing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Site;

/// <summary>
/// Pages are written after the change they show has committed; if the process died in between,
/// the page is stale. This puts every page right on a schedule (unchanged pages are not written
/// again), so nobody notices for longer than the interval.
/// </summary>
public sealed partial class SiteRepairFunction(SitePublisher publisher, ILogger<SiteRepairFunction> logger)
{
    /// <summary>Every 15 minutes, on the quarter hour (six fields: seconds first, as Azure Functions reads it).</summary>
    public const string Schedule = "0 */15 * * * *";

    [Function(nameof(RepairSite))]
    public async Task RepairSite([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var written = await publisher.PublishAllAsync(null, cancellationToken);
        LogRepaired(logger, written, timer.IsPastDue);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Site repair: {Written} stale files written (past due: {PastDue})")]
    private static partial void LogRepaired(ILogger logger, int written, bool pastDue);
}
