using Hub.Core.Notifications;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Notifications;

/// <summary>
/// Telling the moderators that comments are held: a timer sends what is due (so a comment POST
/// never waits on a chat tool), and the console reads how sending has gone.
/// </summary>
public sealed class NotificationFunctions(NotificationDelivery delivery, ModeratorSignIn signIn)
{
    /// <summary>Every minute (six fields: seconds first, as Azure Functions reads it).</summary>
    public const string Schedule = "0 * * * * *";

    [Function(nameof(DeliverNotifications))]
    public Task DeliverNotifications([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
        => delivery.DeliverDueAsync(cancellationToken);

    [Function(nameof(GetNotificationStatus))]
    public Task<IResult> GetNotificationStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/notifications")] HttpRequest request)
        => signIn.RunAsync(request, async _ => TypedResults.Json(
            await delivery.StatusAsync(request.HttpContext.RequestAborted), FunctionsJsonContext.Default.NotificationStatus));
}
