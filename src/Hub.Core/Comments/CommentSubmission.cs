using System.Text.Json.Serialization;

namespace Hub.Core.Comments;

/// <summary>
/// What a commenter posts. <see cref="Subject"/> is the honeypot: the form hides it from
/// people, so only a bot fills it in.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CommentSubmission(
    string? AuthorName = null,
    string? AuthorEmail = null,
    string? AuthorUrl = null,
    string? Content = null,
    string? ParentId = null,
    string? Subject = null);

/// <summary>A submission that passed validation, normalized; <see cref="Identity"/> when the commenter signed in.</summary>
public sealed record ValidComment(string AuthorName, string AuthorEmail, string? AuthorUrl, string Content, string? ParentId, bool FilledHoneypot, CommenterIdentity? Identity = null)
{
    /// <summary>Whose comment this is, for the author index, the flood check and known authors (see <see cref="AuthorKeys"/>).</summary>
    public string? AuthorKey => AuthorKeys.Of(Identity?.Key, AuthorEmail);
}
