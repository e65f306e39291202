using System.Text.Json;
using Hub.Core.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Cli;

/// <summary><c>hub notifications</c>: how telling the moderators about held comments has gone; <c>send</c> sends what is due now.</summary>
public static class NotificationsCommand
{
    public static Task<int> StatusAsync(bool json, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
        => WithDeliveryAsync(services, async delivery =>
        {
            var status = await delivery.StatusAsync(cancellationToken);
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(status, CliJsonContext.Default.NotificationStatus));
                return 0;
            }

            await output.WriteLineAsync(status.Configured ? "Moderators are told of held comments (the webhook in the discussion settings)." : "Nobody is told of held comments: set notifyUrl in the discussion settings.");
            await output.WriteLineAsync($"  waiting to be sent: {status.Waiting}");
            await output.WriteLineAsync($"  last sent:          {(status.LastSentAt is { } sent ? $"{sent:yyyy-MM-dd HH:mm} UTC" : "never")}");
            await output.WriteLineAsync($"  last failure:       {(status.LastFailureAt is { } failed ? $"{failed:yyyy-MM-dd HH:mm} UTC: {status.LastFailure}" : "none")}");
            if (status.GivenUp > 0)
            {
                await output.WriteLineAsync($"  given up:           {status.GivenUp} (after {NotificationDelivery.MaxAttempts} failed tries each)");
            }

            return 0;
        });

    public static Task<int> SendAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
        => WithDeliveryAsync(services, async delivery =>
        {
            var sent = await delivery.DeliverDueAsync(cancellationToken);
            var status = await delivery.StatusAsync(cancellationToken);
            await output.WriteLineAsync($"Sent {sent} notices; {status.Waiting} still waiting.");
            return status.Waiting == 0 || sent > 0 ? 0 : 1;
        });

    private static Task<int> WithDeliveryAsync(IServiceProvider services, Func<NotificationDelivery, Task<int>> run)
        => run(services.GetRequiredService<NotificationDelivery>());
}
