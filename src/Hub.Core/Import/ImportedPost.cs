using Hub.Core.Comments;
using Hub.Core.Entries;

namespace Hub.Core.Import;

/// <summary>A post from another system (a WordPress export), ready to be an entry: its body and comments in Markdown, ids already slugs.</summary>
public sealed record ImportedPost(string Id, EntryContent Content, IReadOnlyList<ImportedComment> Comments);

/// <summary>A comment as the other system had it; <see cref="SourceId"/> and <see cref="ParentSourceId"/> are that system's ids.</summary>
public sealed record ImportedComment(
    string SourceId,
    string? ParentSourceId,
    string AuthorName,
    string AuthorEmail,
    string? AuthorUrl,
    string Content,
    DateTimeOffset CreatedAt,
    CommentStatus Status);

/// <summary>What an import did: entries by outcome, comments by status, and what it left alone and why.</summary>
public sealed record ArchiveReport(
    int EntriesCreated,
    int EntriesUpdated,
    int EntriesUnchanged,
    IReadOnlyDictionary<CommentStatus, int> CommentsCreated,
    int CommentsUnchanged,
    int CommentsDuplicate,
    int RepliesMadeTopLevel);
