using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace Hub.Core.Storage;

/// <summary>
/// Hands out the hub's tables, creating each one the first time this process uses it, so a
/// fresh storage account (or emulator) needs no setup step.
/// </summary>
public sealed class HubTables(TableServiceClient service)
{
    public const string Resources = "Resources";
    public const string Comments = "Comments";
    public const string Moderation = "Moderation";
    public const string Settings = "Settings";
    public const string Moderators = "Moderators";
    public const string Idempotency = "Idempotency";

    /// <summary>One row per rendered page of the site: its render requests and claims (Hub.Site's coalescing).</summary>
    public const string Pages = "Pages";

    /// <summary>The search index's change log: a row per entry change, read by every instance that holds the index (Search/SearchChanges).</summary>
    public const string Search = "Search";

    private readonly ConcurrentDictionary<string, Task<TableClient>> _ready = new(StringComparer.Ordinal);

    public async Task<TableClient> GetAsync(string name, CancellationToken cancellationToken)
    {
        var creation = _ready.GetOrAdd(name, CreateAsync);
        try
        {
            return await creation.WaitAsync(cancellationToken);
        }
        catch when (creation.IsFaulted || creation.IsCanceled)
        {
            // A failed creation (storage down) must not be remembered: the next call tries again.
            _ready.TryRemove(new KeyValuePair<string, Task<TableClient>>(name, creation));
            throw;
        }
    }

    /// <summary>
    /// Forgets which tables exist, so each is created again on its next use: called when storage
    /// answers that a table is missing (deleted, or storage wiped), so the hub recovers without a
    /// restart.
    /// </summary>
    public void Forget() => _ready.Clear();

    private async Task<TableClient> CreateAsync(string name)
    {
        var table = service.GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
