using Azure;
using Azure.Data.Tables;
using Hub.Core.Storage;

namespace Hub.Core.Comments.Storage;

/// <summary>
/// The CommentAuthors table: under a hash of the email address, a row per comment that address
/// wrote. It answers "has this author an approved comment?" and the personal-data requests
/// without scanning every entry's comments.
/// </summary>
internal sealed class AuthorIndex(HubTables tables)
{
    public async Task AddAsync(CommentEntity comment, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.UpsertEntityAsync(Row(comment), TableUpdateMode.Replace, cancellationToken);
    }

    public Task RemoveAsync(CommentEntity comment, CancellationToken cancellationToken)
        => RemoveAsync(comment.AuthorEmail, comment.EntryId, comment.Id, cancellationToken);

    public async Task RemoveAsync(string email, string entryId, string commentId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        using var _ = await table.DeleteEntityAsync(Hashing.EmailKey(email), RowKey(entryId, commentId), ETag.All, cancellationToken);
    }

    public async Task<IReadOnlyList<(string EntryId, string CommentId)>> CommentsByAsync(string email, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var rows = new List<(string, string)>();
        await foreach (var row in table.QueryAsync<MarkerEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Hashing.EmailKey(email)}"), cancellationToken: cancellationToken))
        {
            rows.Add((row.EntryId, row.CommentId));
        }

        return rows;
    }

    private static MarkerEntity Row(CommentEntity comment) => new()
    {
        PartitionKey = Hashing.EmailKey(comment.AuthorEmail),
        RowKey = RowKey(comment.EntryId, comment.Id),
        EntryId = comment.EntryId,
        CommentId = comment.Id,
    };

    private static string RowKey(string entryId, string commentId) => $"{entryId}|{commentId}";

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(HubTables.CommentAuthors, cancellationToken);
}
