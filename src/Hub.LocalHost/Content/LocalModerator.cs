using Hub.Core.Moderators;

namespace Hub.LocalHost.Content;

/// <summary>
/// Gives the local moderator (<c>Hub:Moderator</c>, "local" by default) a fresh secret on each
/// start and prints it, so the console can be opened at once. Azure has no such step: there,
/// moderators are added with <c>hub moderators add NAME</c>.
/// </summary>
public sealed class LocalModerator(ModeratorStore moderators, LocalHostOptions options) : IHostedService
{
    public const string Actor = "local-host";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Moderator is not { } name)
        {
            return;
        }

        var secret = await moderators.IssueSecretAsync(name, Actor, cancellationToken);
        Console.WriteLine($"Moderator '{name}' for this run; sign in to the console with: {secret}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
