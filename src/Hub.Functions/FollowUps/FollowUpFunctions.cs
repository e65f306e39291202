using Hub.Core.Comments;
using Hub.Core.FollowUps;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.FollowUps;

/// <summary>
/// What follows a committed change, off the request path: each write sends a safety message
/// (hidden for a delay) before its change and a start message after it, both naming its record;
/// whichever finds the record unfinished finishes it (see <see cref="FollowUpOutbox"/>). No timer
/// looks for records. A start message that keeps failing ends in the poison queue after host.json's
/// <c>maxDequeueCount</c>; its record is still finished by its safety message.
/// </summary>
public sealed class FollowUpFunctions(FollowUpProcessor followUps, FollowUpMonitor monitor, Idempotency idempotency, ModeratorSignIn signIn)
{
    /// <summary>Hourly, at a quarter to (six fields: seconds first, as Azure Functions reads it).</summary>
    public const string HousekeepingSchedule = "0 45 * * * *";

    [Function(nameof(FinishFollowUp))]
    public Task FinishFollowUp([QueueTrigger(FollowUpQueue.Name)] string message, CancellationToken cancellationToken)
        => followUps.FinishAsync(message, cancellationToken);

    /// <summary>Housekeeping: idempotency answers past their 24 hours go.</summary>
    [Function(nameof(KeepHouse))]
    public Task KeepHouse([TimerTrigger(HousekeepingSchedule)] TimerInfo timer, CancellationToken cancellationToken)
        => idempotency.ExpireAsync(cancellationToken);

    [Function(nameof(GetFollowUpStatus))]
    public Task<IResult> GetFollowUpStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/follow-ups")] HttpRequest request)
        => signIn.RunAsync(request, async _ => TypedResults.Json(
            await monitor.StatusAsync(request.HttpContext.RequestAborted), FunctionsJsonContext.Default.FollowUpStatus));
}
