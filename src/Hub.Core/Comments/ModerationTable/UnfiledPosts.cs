using Azure.Data.Tables;
using Hub.Core.FollowUps;
using Hub.Core.Storage;

namespace Hub.Core.Comments.ModerationTable;

/// <summary>One of an author's posts whose follow-up may not yet have filed it in the author index.</summary>
internal sealed record UnfiledPost(string EntryId, string CommentId, string FollowUpId)
{
    /// <summary>Its follow-up's record, in the entry's partition of the Comments table.</summary>
    public FollowUpAddress FollowUp => new(HubTables.Comments, EntryId, FollowUpId);
}

/// <summary>
/// How a personal-data request finds a post whose follow-up has not run yet, with no row written
/// for it: the author's flood-check row (<c>who|{author key}</c>), which every post by an author
/// already writes before its comment, in the same transaction, also lists that author's posts
/// the author index may not hold yet, each with its follow-up (<see cref="Property"/>:
/// <c>{entry}/{comment}/{follow-up id}</c>, comma-separated). A post drops from the list those the
/// index now holds (it read the index anyway, in the same range query as the row) and those whose
/// record is gone (the follow-up ran, and the comment was deleted meanwhile): so the list holds
/// only what may still be unfiled, usually the post itself.
/// </summary>
internal static class UnfiledPosts
{
    public const string Property = "Unfiled";

    /// <summary>The posts the author's row lists that the author index does not hold.</summary>
    public static IReadOnlyList<UnfiledPost> Of(AuthorRecord author)
    {
        var listed = author.LastPost?.GetString(Property);
        if (string.IsNullOrEmpty(listed))
        {
            return [];
        }

        var filed = author.Comments.Select(comment => (comment.EntryId, comment.CommentId)).ToHashSet();
        return [.. listed.Split(',').Select(Parse).OfType<UnfiledPost>().Where(post => !filed.Contains((post.EntryId, post.CommentId)))];
    }

    /// <summary>Sets the list on the author's claim row: <paramref name="posts"/> (none: no list).</summary>
    public static void Write(TableEntity claim, IEnumerable<UnfiledPost> posts)
    {
        var listed = string.Join(',', posts.Select(post => $"{post.EntryId}/{post.CommentId}/{post.FollowUpId}"));
        if (listed.Length > 0)
        {
            claim[Property] = listed;
        }
        else
        {
            claim.Remove(Property);
        }
    }

    private static UnfiledPost? Parse(string item)
        => item.Split('/') is [{ Length: > 0 } entry, var comment, var followUp] && CommentId.IsValid(comment) && followUp.Length == 27
            ? new UnfiledPost(entry, comment, followUp)
            : null;
}
