using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Core.Storage;

namespace Hub.Core.Discussion;

/// <summary>The Settings table: the discussion rules, and the hub's own salt for hashing client addresses.</summary>
public sealed class SettingsStore(HubTables tables)
{
    private const string Partition = "hub";
    private const string DiscussionRow = "discussion";
    private const string SaltRow = "client-hash-salt";

    private byte[]? _salt;

    public async Task<DiscussionSettings> GetDiscussionAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, DiscussionRow, cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Json") is { } json
            ? JsonSerializer.Deserialize(json, HubJsonContext.Default.DiscussionSettings) ?? DiscussionSettings.Default
            : DiscussionSettings.Default;
    }

    public async Task SaveDiscussionAsync(DiscussionSettings settings, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = new TableEntity(Partition, DiscussionRow) { ["Json"] = JsonSerializer.Serialize(settings, HubJsonContext.Default.DiscussionSettings) };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// A random key made on first use and kept in storage, so no secret lives in configuration or
    /// the repository. It never changes, so each instance reads it once.
    /// </summary>
    public async Task<byte[]> GetClientHashSaltAsync(CancellationToken cancellationToken)
        => _salt ??= await ReadOrCreateSaltAsync(cancellationToken);

    private async Task<byte[]> ReadOrCreateSaltAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(Partition, SaltRow, cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value!.GetBinary("Salt") is { } salt)
        {
            return salt;
        }

        var fresh = RandomNumberGenerator.GetBytes(32);
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition, SaltRow) { ["Salt"] = fresh }, cancellationToken);
            return fresh;
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            // Another instance made it first: use theirs.
            return (await table.GetEntityAsync<TableEntity>(Partition, SaltRow, cancellationToken: cancellationToken)).Value.GetBinary("Salt");
        }
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Settings, cancellationToken);
}
