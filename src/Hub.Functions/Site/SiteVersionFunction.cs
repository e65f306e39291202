using Hub.Site.Publishing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Site;

/// <summary>
/// Pages change through the follow-ups of the changes that make them stale; nothing on a clock
/// renders them. This asks only whether the rendering itself changed (a deploy with new templates
/// or assets, new addresses or sign-in providers: the <see cref="RenderVersion"/>), which costs one
/// storage read when it did not; when it did, it publishes every page once, in bounded batches,
/// resuming where a crashed run stopped (<see cref="SiteRepublish"/>).
/// </summary>
public sealed partial class SiteVersionFunction(SiteRepublish republish, ILogger<SiteVersionFunction> logger)
{
    /// <summary>Every 5 minutes (six fields: seconds first, as Azure Functions reads it).</summary>
    public const string Schedule = "0 */5 * * * *";

    [Function(nameof(CheckSiteVersion))]
    public async Task CheckSiteVersion([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var outcome = await republish.CheckAsync(cancellationToken);
        if (outcome != SiteCheck.Current)
        {
            LogChecked(logger, outcome, timer.IsPastDue);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Site version check: {Outcome} (past due: {PastDue})")]
    private static partial void LogChecked(ILogger logger, SiteCheck outcome, bool pastDue);
}
