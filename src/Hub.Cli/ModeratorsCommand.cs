using System.Text.Json;
using Hub.Core.Moderators;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Cli;

/// <summary>
/// <c>hub moderators add|list|revoke</c>: the people who may moderate, each with a secret of their
/// own. A secret is shown once, when it is made; only its hash is stored.
/// </summary>
public static class ModeratorsCommand
{
    /// <summary>Who the audit log names for changes made from this tool.</summary>
    public static string Actor => "cli:" + Environment.UserName;

    public static Task<int> AddAsync(string name, bool replace, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        => WithStoreAsync(name, services, error, async moderators =>
        {
            var secret = replace
                ? await moderators.IssueSecretAsync(name, Actor, cancellationToken)
                : await moderators.AddAsync(name, Actor, cancellationToken);
            if (secret is null)
            {
                await error.WriteLineAsync($"There is already a moderator named {name}. Use --new-secret to replace their secret.");
                return 1;
            }

            await output.WriteLineAsync($"Moderator {name} can sign in with this secret (shown only now; give it to them privately):");
            await output.WriteLineAsync(secret);
            return 0;
        });

    public static Task<int> RevokeAsync(string name, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        => WithStoreAsync(name, services, error, async moderators =>
        {
            if (!await moderators.RevokeAsync(name, Actor, cancellationToken))
            {
                await error.WriteLineAsync($"There is no moderator named {name}.");
                return 1;
            }

            await output.WriteLineAsync($"Moderator {name} is revoked: their secret is refused from now on.");
            return 0;
        });

    public static Task<int> ListAsync(bool json, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        => WithStoreAsync(null, services, error, async moderators =>
        {
            var all = await moderators.ListAsync(cancellationToken);
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(all, CliJsonContext.Default.IReadOnlyListModerator));
                return 0;
            }

            if (all.Count == 0)
            {
                await output.WriteLineAsync("No moderators yet. Add one with: hub moderators add NAME");
            }

            foreach (var moderator in all)
            {
                await output.WriteLineAsync($"{moderator.Name,-20} added {moderator.AddedAt:yyyy-MM-dd}, secret issued {moderator.SecretIssuedAt:yyyy-MM-dd HH:mm} UTC");
            }

            return 0;
        });

    private static async Task<int> WithStoreAsync(string? name, IServiceProvider services, TextWriter error, Func<ModeratorStore, Task<int>> run)
    {
        if (name is not null && !ModeratorSecret.IsValidName(name))
        {
            await error.WriteLineAsync($"'{name}' cannot be a moderator's name: {ModeratorSecret.NameRule}.");
            return 2;
        }

        return await run(services.GetRequiredService<ModeratorStore>());
    }
}
