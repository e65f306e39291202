using System.Text.Json;
using Hub.Core.Backup;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Cli;

/// <summary><c>hub export FILE</c> and <c>hub restore FILE</c>: the hub's data in one file (see <see cref="HubBackup"/>).</summary>
public static class BackupCommands
{
    public static async Task<int> ExportAsync(FileInfo file, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var backup = await services.GetRequiredService<BackupService>().ExportAsync(cancellationToken);
        await using (var stream = file.Create())
        {
            await JsonSerializer.SerializeAsync(stream, backup, CliJsonContext.Default.HubBackup, cancellationToken);
        }

        await output.WriteLineAsync($"Exported to {file.Name}: {Describe(backup)}. It holds commenters' emails: keep it as safe as the storage account.");
        return 0;
    }

    public static async Task<int> RestoreAsync(FileInfo file, bool force, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            await error.WriteLineAsync($"{file.FullName}: no such file.");
            return 2;
        }

        HubBackup? backup;
        try
        {
            await using var stream = file.OpenRead();
            backup = await JsonSerializer.DeserializeAsync(stream, CliJsonContext.Default.HubBackup, cancellationToken);
        }
        catch (JsonException exception)
        {
            await error.WriteLineAsync($"{file.Name} was not restored; nothing changed: not a hub export ({exception.Message}).");
            return 1;
        }

        if (backup is not { Format: HubBackup.FormatName, Version: HubBackup.CurrentVersion })
        {
            await error.WriteLineAsync($"{file.Name} was not restored; nothing changed: not a {HubBackup.FormatName} file of version {HubBackup.CurrentVersion}.");
            return 1;
        }

        var restore = services.GetRequiredService<BackupService>();
        if (!force && !await restore.IsEmptyAsync(cancellationToken))
        {
            await error.WriteLineAsync("This storage already holds a hub; nothing changed. Restore into empty storage, or add --force to write the file's rows over what is there.");
            return 1;
        }

        await restore.RestoreAsync(backup, new ProgressLine(output, ProgressLine.IsTerminal(output), backup.Entries.Count, "entries"), cancellationToken);
        await output.WriteLineAsync($"Restored {file.Name}: {Describe(backup)}.");
        if (backup.Moderators.Count > 0)
        {
            await output.WriteLineAsync("Moderators come back without secrets: give each a new one with hub moderators add NAME --new-secret.");
        }

        await output.WriteLineAsync("Render the pages with: hub publish.");
        return 0;
    }

    private static string Describe(HubBackup backup)
        => $"{backup.Entries.Count} entries, {backup.Comments.Count} comments, {backup.Moderators.Count} moderators, {backup.Audit.Count} audit events";
}
