using Azure;
using Azure.Data.Tables;
using Hub.Core.Audit;
using Hub.Core.FollowUps;
using Hub.Core.Storage;

namespace Hub.Core.Moderators;

/// <summary>A person who may moderate, as <c>hub moderators list</c> shows them.</summary>
public sealed record Moderator(string Name, DateTimeOffset AddedAt, DateTimeOffset SecretIssuedAt);

/// <summary>
/// The Moderators table: one row per moderator (RowKey = name) holding the SHA-256 of their
/// secret. Every manage request reads the row, so a revocation (the row deleted) or a new
/// secret takes effect on every instance at once; nothing is cached.
/// </summary>
public sealed class ModeratorStore(HubTables tables, FollowUpOutbox outbox, TimeProvider clock)
{
    private const string Partition = "moderators";

    /// <summary>Adds a moderator and returns their secret, shown this once; null when the name is taken.</summary>
    public async Task<string?> AddAsync(string name, string actor, CancellationToken cancellationToken)
    {
        var secret = ModeratorSecret.New(name);
        var now = clock.GetUtcNow();
        var added = await CommitAsync(new(TableTransactionActionType.Add, Row(name, secret, now, now)), new AuditEvent(actor, "moderator-added", Rule: name), cancellationToken);
        return added ? secret : null;
    }

    /// <summary>Gives a moderator a new secret (adding them if needed); the old one stops working at once.</summary>
    public async Task<string> IssueSecretAsync(string name, string actor, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(Partition, name, cancellationToken: cancellationToken);
        var now = clock.GetUtcNow();
        var secret = ModeratorSecret.New(name);
        var addedAt = existing.HasValue ? existing.Value!.GetDateTimeOffset("AddedAt") ?? now : now;
        await CommitAsync(new(TableTransactionActionType.UpsertReplace, Row(name, secret, addedAt, now)), new AuditEvent(actor, "moderator-secret-issued", Rule: name), cancellationToken);
        return secret;
    }

    /// <summary>Removes a moderator; their secret is refused from the next request on. False when there was none.</summary>
    public Task<bool> RevokeAsync(string name, string actor, CancellationToken cancellationToken)
        => CommitAsync(new(TableTransactionActionType.Delete, new TableEntity(Partition, name), ETag.All), new AuditEvent(actor, "moderator-revoked", Rule: name), cancellationToken);

    /// <summary>The change with the record of its follow-up (the audit row) in one transaction; false when the row was not as the change needs (taken, or missing).</summary>
    private async Task<bool> CommitAsync(TableTransactionAction change, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var write = await outbox.OpenAsync(HubTables.Moderators, Partition, cancellationToken);
        try
        {
            await write.CommitAsync([change], new ModeratorChanged(audit), cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException refused) when (refused.Status is 404 or 409 && refused.FailedTransactionActionIndex == 0)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Moderator>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var moderators = new List<Moderator>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(FollowUpKeys.RecordPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            moderators.Add(new Moderator(row.RowKey, row.GetDateTimeOffset("AddedAt") ?? default, row.GetDateTimeOffset("SecretIssuedAt") ?? default));
        }

        return moderators;
    }

    /// <summary>
    /// A moderator from a backup, which holds no secret: they cannot sign in until
    /// <c>hub moderators add NAME --new-secret</c> gives them one. A secret already here is kept.
    /// </summary>
    public async Task RestoreAsync(string name, DateTimeOffset addedAt, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Partition, name) { ["AddedAt"] = addedAt }, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>The name of the moderator whose secret this is, or null: one point read, compared in constant time.</summary>
    public async Task<string?> IdentifyAsync(string secret, CancellationToken cancellationToken)
    {
        if (!ModeratorSecret.TryReadName(secret, out var name))
        {
            return null;
        }

        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, name, cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("SecretHash") is { } hash && Hashing.SameSecret(secret, hash) ? name : null;
    }

    private static TableEntity Row(string name, string secret, DateTimeOffset addedAt, DateTimeOffset issuedAt) => new(Partition, name)
    {
        ["SecretHash"] = Hashing.Sha256(secret),
        ["AddedAt"] = addedAt,
        ["SecretIssuedAt"] = issuedAt,
    };

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.Moderators, cancellationToken);
}
