using Hub.Core;
using Hub.Core.Import;
using Hub.Core.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Cli;

/// <summary><c>hub import FILE</c>: loads a maintainer's entries file into the hub's storage.</summary>
public static class ImportCommand
{
    public static async Task<int> RunAsync(FileInfo file, IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            await error.WriteLineAsync($"{file.FullName}: no such file.");
            return 2;
        }

        var errors = new ValidationErrors();
        IReadOnlyList<(string Id, Hub.Core.Resources.ResourceContent Content)> entries;
        await using (var json = file.OpenRead())
        {
            entries = ResourceImporter.Parse(json, errors);
        }

        if (!errors.IsEmpty)
        {
            await error.WriteLineAsync($"{file.Name} was not imported; nothing changed:");
            foreach (var (field, messages) in errors.ToDictionary())
            {
                await error.WriteLineAsync($"  {field}: {string.Join("; ", messages)}");
            }

            return 1;
        }

        await using var services = new ServiceCollection().AddHubCore(configuration).BuildServiceProvider();
        var report = await services.GetRequiredService<ResourceImporter>().ImportAsync(entries, cancellationToken);
        await output.WriteLineAsync($"Imported {entries.Count} entries from {file.Name}: {report.Created} created, {report.Replaced} replaced.");
        return 0;
    }
}
