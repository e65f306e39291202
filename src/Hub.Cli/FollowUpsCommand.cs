using System.Text.Json;
using Hub.Core.FollowUps;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Cli;

/// <summary><c>hub follow-ups</c>: what follows the hub's changes, not yet finished or failed (the function app does it).</summary>
public static class FollowUpsCommand
{
    public static async Task<int> StatusAsync(bool json, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var status = await services.GetRequiredService<FollowUpMonitor>().StatusAsync(cancellationToken);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(status, CliJsonContext.Default.FollowUpStatus));
            return 0;
        }

        await output.WriteLineAsync($"Follow-up messages queued: about {status.Queued} (one or two per change not yet followed up; a few for a few seconds is normal, and 0 means every change is followed up).");
        await output.WriteLineAsync($"Failed five times (poison queue {FollowUpQueue.PoisonName}): {status.Poisoned}");
        foreach (var message in status.PoisonedMessages)
        {
            await output.WriteLineAsync($"  {message.InsertedOn:yyyy-MM-dd HH:mm} UTC  {message.Text}");
        }

        return status.Poisoned == 0 ? 0 : 1;
    }
}
