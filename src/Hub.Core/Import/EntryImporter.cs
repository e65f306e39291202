using System.Text.Json;
using Hub.Core.Entries;
using Hub.Core.Validation;

namespace Hub.Core.Import;

public sealed record ImportReport(int Created, int Replaced);

/// <summary>
/// Loads a JSON file of entries (an array of objects with an <c>id</c> and the fields of
/// <c>PUT /api/manage/resources/{id}</c>). The whole file is validated before anything is
/// written, so a bad file changes nothing.
/// </summary>
public sealed class EntryImporter(EntryRepository repository, EntryLifecycle lifecycle)
{
    public const string Actor = "import";

    public static IReadOnlyList<(string Id, EntryContent Content)> Parse(Stream json, ValidationErrors errors)
    {
        EntryDraft?[]? drafts;
        try
        {
            drafts = JsonSerializer.Deserialize(json, HubJsonContext.Default.EntryDraftArray);
        }
        catch (JsonException exception)
        {
            errors.Add("file", $"is not a JSON array of entries: {exception.Message}");
            return [];
        }

        var entries = new List<(string, EntryContent)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < (drafts?.Length ?? 0); index++)
        {
            var draft = drafts![index];
            var itemErrors = new ValidationErrors();
            if (draft is null || !EntryIds.IsValid(draft.Id))
            {
                itemErrors.Add("id", EntryIds.Rule);
            }
            else if (!seen.Add(draft.Id!))
            {
                itemErrors.Add("id", "appears more than once in the file");
            }

            var content = draft is null ? null : EntryDraftValidator.Validate(draft.Id ?? "", draft, itemErrors);
            foreach (var (field, messages) in itemErrors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add($"[{index}].{field}", message);
                }
            }

            if (itemErrors.IsEmpty && content is not null)
            {
                entries.Add((draft!.Id!, content));
            }
        }

        return entries;
    }

    public async Task<ImportReport> ImportAsync(IEnumerable<(string Id, EntryContent Content)> entries, CancellationToken cancellationToken)
    {
        int created = 0, replaced = 0;
        foreach (var (id, content) in entries)
        {
            var result = await lifecycle.SaveAsync(id, content, ifMatch: null, Actor, cancellationToken);
            switch (result.Outcome)
            {
                case WriteOutcome.Created: created++; break;
                case WriteOutcome.Replaced: replaced++; break;
                default: throw new InvalidOperationException($"Entry '{id}' changed while it was being imported ({result.Outcome}); run the import again.");
            }
        }

        return new ImportReport(created, replaced);
    }

    /// <summary>Loads the file into an empty table; a table that holds anything is left alone.</summary>
    public async Task<ImportReport?> SeedIfEmptyAsync(string path, CancellationToken cancellationToken)
    {
        if (!await repository.IsEmptyAsync(cancellationToken))
        {
            return null;
        }

        await using var file = File.OpenRead(path);
        var errors = new ValidationErrors();
        var entries = Parse(file, errors);
        if (!errors.IsEmpty)
        {
            throw new InvalidDataException($"{path} is not a valid entries file: " + string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key} {string.Join(", ", e.Value)}")));
        }

        return await ImportAsync(entries, cancellationToken);
    }
}
