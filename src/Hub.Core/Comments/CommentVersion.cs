using System.Buffers.Text;
using System.Security.Cryptography;
using Azure;

namespace Hub.Core.Comments;

/// <summary>
/// A comment's version: a fresh random token on every change, handed to moderators as the
/// comment's entity tag. It is known before the write (unlike a storage ETag), so the queue row
/// written in the same breath carries it too.
/// </summary>
public static class CommentVersion
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9));

    public static string Tag(string version) => $"\"{version}\"";

    public static bool Matches(ETag ifMatch, string version) => ifMatch == ETag.All || ifMatch.ToString() == Tag(version);
}
