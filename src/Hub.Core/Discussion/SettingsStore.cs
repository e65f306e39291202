using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Core.Audit;
using Hub.Core.FollowUps;
using Hub.Core.Publishing;
using Hub.Core.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace Hub.Core.Discussion;

/// <summary>
/// The Settings table: the discussion rules, and the hub's own keys (for hashing client addresses
/// and identities, and for signing commenters in).
/// The rules are read on every comment read and post, so each instance keeps them in memory
/// (<see cref="HubCache"/>): a change made here is seen here at once, and by the other instances
/// within <see cref="HubCache.Expiry"/>.
/// </summary>
public sealed class SettingsStore(HubTables tables, PublicChanges changes, FollowUpOutbox outbox, IMemoryCache cache)
{
    private const string DiscussionCacheKey = "settings:discussion";

    private const string Partition = "hub";
    private const string DiscussionRow = "discussion";
    private const string SaltRow = "client-hash-salt";
    private const string SignInKeyRow = "sign-in-key";

    /// <summary>The property each key row keeps its bytes in (the salt's name, from before there were other keys).</summary>
    private const string KeyProperty = "Salt";

    // The word lists have properties of their own: one string property holds 32K UTF-16 characters,
    // and two lists of 20,000 (more once JSON escapes them) do not fit in one with the other rules.
    private const string ModerationWordsProperty = "ModerationWords";
    private const string DisallowedWordsProperty = "DisallowedWords";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    private const int MaxChangeAttempts = 5;

    public async Task<DiscussionSettings> GetDiscussionAsync(CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(DiscussionCacheKey, out DiscussionSettings? cached))
        {
            return cached!;
        }

        var settings = (await ReadDiscussionAsync(cancellationToken)).Settings;
        cache.Set(DiscussionCacheKey, settings, HubCache.Entry);
        return settings;
    }

    /// <summary>The rules as stored now, not as this instance last read them.</summary>
    public async Task<DiscussionSettings> GetCurrentDiscussionAsync(CancellationToken cancellationToken)
        => (await ReadDiscussionAsync(cancellationToken)).Settings;

    /// <summary>
    /// Applies a change to the stored rules and saves it with the row's ETag, so two moderators
    /// changing different rules at once both keep their change (the later one is re-applied to the
    /// earlier one's result). The change returns null to refuse; nothing is saved then. The rules
    /// commit with the record of their follow-up (the audit row, then every page again, in batches).
    /// </summary>
    public async Task<DiscussionSettings?> ChangeDiscussionAsync(Func<DiscussionSettings, DiscussionSettings?> change, string actor, CancellationToken cancellationToken)
    {
        // Opened only once there is something to save: a change refused at once writes nothing.
        OutboxWrite? write = null;
        try
        {
            return await ChangeDiscussionAsync(change, actor, async () => write ??= await outbox.OpenAsync(HubTables.Settings, Partition, cancellationToken), cancellationToken);
        }
        finally
        {
            if (write is not null)
            {
                await write.DisposeAsync();
            }
        }
    }

    private async Task<DiscussionSettings?> ChangeDiscussionAsync(
        Func<DiscussionSettings, DiscussionSettings?> change, string actor, Func<Task<OutboxWrite>> open, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (current, etag) = await ReadDiscussionAsync(cancellationToken);
            if (change(current) is not { } next)
            {
                return null;
            }

            var write = await open();

            var row = new TableEntity(Partition, DiscussionRow)
            {
                ["Json"] = JsonSerializer.Serialize(next with { ModerationWords = "", DisallowedWords = "" }, HubJsonContext.Default.DiscussionSettings),
                [ModerationWordsProperty] = next.ModerationWords,
                [DisallowedWordsProperty] = next.DisallowedWords,
            };
            try
            {
                await write.CommitAsync(
                    [etag is { } stored ? new(TableTransactionActionType.UpdateReplace, row, stored) : new(TableTransactionActionType.Add, row)],
                    new RulesChanged(new AuditEvent(actor, "settings-changed")),
                    cancellationToken);
                cache.Set(DiscussionCacheKey, next, HubCache.Entry);
                changes.Record();
                return next;
            }
            catch (TableTransactionFailedException raced) when (raced.Status is 409 or 412 && raced.FailedTransactionActionIndex == 0)
            {
                if (attempt == MaxChangeAttempts)
                {
                    throw new StorageBusyException("The discussion settings kept changing under us.", raced);
                }
            }
        }
    }

    private async Task<(DiscussionSettings Settings, ETag? ETag)> ReadDiscussionAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, DiscussionRow, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetString("Json") is not { } json)
        {
            return (DiscussionSettings.Default, null);
        }

        var settings = JsonSerializer.Deserialize(json, HubJsonContext.Default.DiscussionSettings) ?? DiscussionSettings.Default;
        return (settings with
        {
            ModerationWords = row.Value.GetString(ModerationWordsProperty) ?? settings.ModerationWords,
            DisallowedWords = row.Value.GetString(DisallowedWordsProperty) ?? settings.DisallowedWords,
        }, row.Value.ETag);
    }

    /// <summary>The key for hashing client addresses and identities (see <see cref="GetKeyAsync"/>).</summary>
    public Task<byte[]> GetClientHashSaltAsync(CancellationToken cancellationToken) => GetKeyAsync(SaltRow, 32, cancellationToken);

    /// <summary>The key that signs commenter tokens and seals sign-in state (see <see cref="GetKeyAsync"/>).</summary>
    public Task<byte[]> GetSignInKeyAsync(CancellationToken cancellationToken) => GetKeyAsync(SignInKeyRow, 64, cancellationToken);

    /// <summary>
    /// A random key made on first use and kept in storage, so no secret lives in configuration or
    /// the repository. It never changes, so each instance reads it once.
    /// </summary>
    private async Task<byte[]> GetKeyAsync(string row, int length, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(row, out var known))
        {
            return known;
        }

        var key = await ReadOrCreateKeyAsync(row, length, cancellationToken);
        _keys[row] = key;
        return key;
    }

    private async Task<byte[]> ReadOrCreateKeyAsync(string row, int length, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(Partition, row, cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value!.GetBinary(KeyProperty) is { } key)
        {
            return key;
        }

        var fresh = RandomNumberGenerator.GetBytes(length);
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition, row) { [KeyProperty] = fresh }, cancellationToken);
            return fresh;
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            // Another instance made it first: use theirs.
            return (await table.GetEntityAsync<TableEntity>(Partition, row, cancellationToken: cancellationToken)).Value.GetBinary(KeyProperty);
        }
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Settings, cancellationToken);
}
