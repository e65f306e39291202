using Azure;
using Azure.Data.Tables;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Storage;

namespace Hub.Core.Comments.ModerationTable;

/// <summary>What one author (an email address or a signed-in identity) has done: when they last posted, and each comment they wrote with its status.</summary>
internal sealed record AuthorRecord(TableEntity? LastPost, IReadOnlyList<AuthorEntity> Comments);

/// <summary>
/// The author index, under the author's key (see <see cref="AuthorKeys"/> and <see cref="ModerationKeys"/>): it
/// answers "has this author an approved comment?", the flood check by email and the
/// personal-data requests with one range query, without scanning every entry's comments.
/// </summary>
internal sealed class AuthorIndex(ModerationPartition moderation)
{
    public async Task<AuthorRecord> ReadAsync(string authorKey, CancellationToken cancellationToken)
    {
        var table = await moderation.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
    $"PartitionKey eq {ModerationKeys.Partition} and RowKey ge {ModerationKeys.Author(authorKey)} and RowKey lt {ModerationKeys.AuthorEnd(authorKey)}");
        TableEntity? lastPost = null;
        var comments = new List<AuthorEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == ModerationKeys.Author(authorKey))
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

    /// <summary>The comment's row, added or (after a status change) brought up to date; none for a comment without an author key.</summary>
    public static IEnumerable<TableTransactionAction> Record(CommentEntity comment)
        => comment.AuthorKey is null ? [] : [new(TableTransactionActionType.UpsertReplace, AuthorEntity.Of(comment))];

    /// <summary>Forgets when the author last posted (an erased commenter leaves nothing behind).</summary>
    public Task ForgetLastPostAsync(string authorKey, CancellationToken cancellationToken)
        => moderation.DeleteAsync(ModerationKeys.Author(authorKey), cancellationToken);
}
