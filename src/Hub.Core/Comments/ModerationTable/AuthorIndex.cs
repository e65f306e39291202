using Azure;
using Azure.Data.Tables;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Storage;

namespace Hub.Core.Comments.ModerationTable;

/// <summary>What one email address has done: when it last posted, and each comment it wrote with its status.</summary>
internal sealed record AuthorRecord(TableEntity? LastPost, IReadOnlyList<AuthorEntity> Comments);

/// <summary>
/// The author index, under a hash of the email address (see <see cref="ModerationKeys"/>): it
/// answers "has this author an approved comment?", the flood check by email and the
/// personal-data requests with one range query, without scanning every entry's comments.
/// </summary>
internal sealed class AuthorIndex(ModerationPartition moderation)
{
    public async Task<AuthorRecord> ReadAsync(string email, CancellationToken cancellationToken)
    {
        var table = await moderation.GetAsync(cancellationToken);
        var emailKey = Hashing.EmailKey(email);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {ModerationKeys.Partition} and RowKey ge {ModerationKeys.Author(emailKey)} and RowKey lt {ModerationKeys.AuthorEnd(emailKey)}");
        TableEntity? lastPost = null;
        var comments = new List<AuthorEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == ModerationKeys.Author(emailKey))
            {
                lastPost = row;
            }
            else
            {
                comments.Add(new AuthorEntity
                {
                    PartitionKey = row.PartitionKey,
                    RowKey = row.RowKey,
                    ETag = row.ETag,
                    EntryId = row.GetString(nameof(AuthorEntity.EntryId)) ?? "",
                    CommentId = row.GetString(nameof(AuthorEntity.CommentId)) ?? "",
                    AuthorName = row.GetString(nameof(AuthorEntity.AuthorName)) ?? "",
                    Status = row.GetString(nameof(AuthorEntity.Status)) ?? "",
                });
            }
        }

        return new AuthorRecord(lastPost, comments);
    }

    /// <summary>The comment's row, added or (after a status change) brought up to date; none for a comment without an email.</summary>
    public static IEnumerable<TableTransactionAction> Record(CommentEntity comment)
        => comment.AuthorEmail.Length == 0 ? [] : [new(TableTransactionActionType.UpsertReplace, AuthorEntity.Of(comment))];

    /// <summary>Forgets when the address last posted (an erased commenter leaves nothing behind).</summary>
    public Task ForgetLastPostAsync(string email, CancellationToken cancellationToken)
        => moderation.DeleteAsync(ModerationKeys.Author(Hashing.EmailKey(email)), cancellationToken);
}
