using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Storage;

namespace Hub.Core.Comments.CommentsTable;

internal abstract class RowEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
}

/// <summary>The comment as moderators see it: the only row holding the author's email.</summary>
internal sealed class CommentEntity : RowEntity
{
    public string Id { get; set; } = "";
    public string EntryId { get; set; } = "";
    public string? ParentId { get; set; }
    public int Depth { get; set; } = 1;
    public string AuthorName { get; set; } = "";
    public string AuthorEmail { get; set; } = "";
    public string? AuthorUrl { get; set; }
    public string Content { get; set; } = "";
    public string Status { get; set; } = "";
    public string? PreviousStatus { get; set; }
    public string HeldBecause { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset StatusChangedAt { get; set; }

    /// <summary>A keyed hash of the client's address, for the flood check; never the address.</summary>
    public string ClientHash { get; set; } = "";

    /// <summary>The hash of the commenter's withdrawal token.</summary>
    public string TokenHash { get; set; } = "";

    public string DuplicateKey { get; set; } = "";

    /// <summary>A signed-in commenter's identity: a keyed hash of the provider's subject, never the subject.</summary>
    public string? IdentityKey { get; set; }

    /// <summary>The display name of the provider a signed-in commenter used.</summary>
    public string? SignedInWith { get; set; }

    /// <summary>Whose comment this is: the identity when signed in, else the email (none for neither).</summary>
    [IgnoreDataMember]
    public string? AuthorKey => AuthorKeys.Of(IdentityKey, AuthorEmail);

    /// <summary>Changes with every change to the comment (see <see cref="CommentVersion"/>).</summary>
    public string Version { get; set; } = "";

    /// <summary>A new comment row, with its version and duplicate key.</summary>
    public static CommentEntity New(
        string entryId, string id, ValidComment comment, int depth, CommentStatus status, string heldBecause,
        DateTimeOffset createdAt, string clientHash, string tokenHash) => new()
        {
            PartitionKey = entryId,
            RowKey = CommentKeys.Comment(id),
            Id = id,
            EntryId = entryId,
            ParentId = comment.ParentId,
            Depth = depth,
            AuthorName = comment.AuthorName,
            AuthorEmail = comment.AuthorEmail,
            AuthorUrl = comment.AuthorUrl,
            Content = comment.Content,
            Status = status.ToApi(),
            HeldBecause = heldBecause,
            CreatedAt = createdAt,
            StatusChangedAt = createdAt,
            ClientHash = clientHash,
            TokenHash = tokenHash,
            DuplicateKey = DuplicateKeyOf(comment),
            IdentityKey = comment.Identity?.Key,
            SignedInWith = comment.Identity?.ProviderName,
            Version = CommentVersion.New(),
        };

    /// <summary>The same author (by identity or email, else by name) saying the same thing on the same entry.</summary>
    public static string DuplicateKeyOf(ValidComment comment) => DuplicateKeyOf(comment.AuthorKey, comment.AuthorName, comment.Content);

    public static string DuplicateKeyOf(string? authorKey, string authorName, string content) => Hashing.Sha256((authorKey ?? authorName) + "\n" + content);

    [IgnoreDataMember]
    public CommentStatus CurrentStatus => Enum.Parse<CommentStatus>(Status, ignoreCase: true);

    /// <summary>The <c>p|</c> row that makes this comment public.</summary>
    public PublishedCommentEntity ToPublishedRow() => new()
    {
        PartitionKey = PartitionKey,
        RowKey = CommentKeys.Public(Id),
        Id = Id,
        ParentId = ParentId,
        AuthorName = AuthorName,
        AuthorUrl = AuthorUrl,
        Content = Content,
        CreatedAt = CreatedAt,
        SignedInWith = SignedInWith,
    };

    public PublicComment ToPublicComment() => ToPublishedRow().ToPublicComment();

    public ModeratedComment ToModerated(string? entryTitle) => QueueEntity.Of(this, entryTitle).ToModerated();
}

/// <summary>The public copy of an approved comment: no email, no client hash, no token.</summary>
internal sealed class PublishedCommentEntity : RowEntity
{
    public string Id { get; set; } = "";
    public string? ParentId { get; set; }
    public string AuthorName { get; set; } = "";
    public string? AuthorUrl { get; set; }
    public string Content { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? SignedInWith { get; set; }

    public PublicComment ToPublicComment() => new(Id, ParentId, AuthorName, AuthorUrl, Content, CreatedAt, SignedInWith: SignedInWith);
}

internal sealed class MarkerEntity : RowEntity
{
    public string CommentId { get; set; } = "";
    public string EntryId { get; set; } = "";
}
