using System.Text.Json;
using System.Xml;
using Hub.Cli.WordPress;
using Hub.Core.Comments;
using Hub.Core.Entries;
using Hub.Core.Import;
using Hub.Core.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Cli;

/// <summary>
/// <c>hub import FILE</c>: the hub's own entries file (a JSON array), or a WordPress export (WXR),
/// told apart by the file's first character.
/// </summary>
public static class ImportCommand
{
    public static async Task<int> RunAsync(FileInfo file, bool json, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            await error.WriteLineAsync($"{file.FullName}: no such file.");
            return 2;
        }

        await using var stream = file.OpenRead();
        return WxrReader.LooksLikeWxr(stream)
            ? await ImportWordPressAsync(file, stream, json, services, output, error, cancellationToken)
            : await ImportEntriesAsync(file, stream, services, output, error, cancellationToken);
    }

    private static async Task<int> ImportEntriesAsync(FileInfo file, Stream stream, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var entries = EntryImporter.Parse(stream, errors);
        if (!errors.IsEmpty)
        {
            await error.WriteLineAsync($"{file.Name} was not imported; nothing changed:");
            foreach (var (field, messages) in errors.ToDictionary())
            {
                await error.WriteLineAsync($"  {field}: {string.Join("; ", messages)}");
            }

            return 1;
        }

        var report = await services.GetRequiredService<EntryImporter>().ImportAsync(entries, cancellationToken);
        await output.WriteLineAsync($"Imported {entries.Count} entries from {file.Name}: {report.Created} created, {report.Replaced} replaced.");
        return 0;
    }

    private static async Task<int> ImportWordPressAsync(FileInfo file, Stream stream, bool json, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        WxrArchive archive;
        try
        {
            archive = WxrReader.Read(stream);
        }
        catch (Exception exception) when (exception is XmlException or InvalidDataException)
        {
            await error.WriteLineAsync($"{file.Name} was not imported; nothing changed: {exception.Message}");
            return 1;
        }

        var progress = json ? null : new ProgressLine(output, ProgressLine.IsTerminal(output), archive.Posts.Count, "posts");
        var report = await services.GetRequiredService<ArchiveImporter>().ImportAsync(archive.Posts, progress, cancellationToken);
        var summary = new WordPressImportSummary(file.Name, report, archive.Skipped, archive.Dropped, archive.BodiesCut);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(summary, CliJsonContext.Default.WordPressImportSummary));
            return 0;
        }

        var created = string.Join(", ", report.CommentsCreated.Select(pair => $"{pair.Value} {pair.Key.ToApi()}"));
        await output.WriteLineAsync($"Imported {file.Name} (a WordPress export):");
        await output.WriteLineAsync($"  entries:  {report.EntriesCreated} created, {report.EntriesUpdated} updated, {report.EntriesUnchanged} unchanged");
        await output.WriteLineAsync($"  comments: {created} created; {report.CommentsUnchanged} already imported; {report.CommentsDuplicate} duplicates left out");
        if (report.RepliesMadeTopLevel > 0)
        {
            await output.WriteLineAsync($"  {report.RepliesMadeTopLevel} replies to a comment that was not imported now stand on their own");
        }

        await output.WriteLineAsync(archive.Skipped.Count == 0
            ? "  left out: nothing"
            : "  left out: " + string.Join(", ", archive.Skipped.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Value} × {pair.Key}")));
        await output.WriteLineAsync(archive.Dropped.Count == 0
            ? "  dropped from posts and comments: nothing"
            : "  dropped from posts and comments: " + string.Join(", ", archive.Dropped.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Value} × {pair.Key}")));
        if (archive.BodiesCut.Count > 0)
        {
            await output.WriteLineAsync($"  cut at the last paragraph within {EntryRules.BodyMaxLength:N0} characters (the rest is still in WordPress): {string.Join(", ", archive.BodiesCut)}");
        }

        await output.WriteLineAsync("Render the pages with: hub publish (in Azure, the scheduled repair also does it within 15 minutes).");
        return 0;
    }
}

/// <summary>
/// What <c>hub import --json</c> prints for a WordPress export: items left out, what the posts and
/// comments held that the hub does not show (by kind, such as <c>script</c> or <c>shortcode [gallery]</c>),
/// and the entries whose body was cut to fit.
/// </summary>
public sealed record WordPressImportSummary(
    string File,
    ArchiveReport Imported,
    IReadOnlyDictionary<string, int> LeftOut,
    IReadOnlyDictionary<string, int> Dropped,
    IReadOnlyList<string> BodiesCut);
