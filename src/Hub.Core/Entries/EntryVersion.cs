using System.Buffers.Text;
using System.Security.Cryptography;
using Azure;

namespace Hub.Core.Entries;

/// <summary>
/// An entry's entity tag: <c>"{revision}.{comments}"</c>. The revision is a fresh random token on
/// every save (so a deleted and re-created entry never repeats one), the comments its approved
/// comment count. The tag changes whenever what a reader sees changes, so it validates caches;
/// an edit's If-Match compares only the revision, so a comment approved meanwhile does not make
/// a maintainer's edit fail.
/// </summary>
public static class EntryVersion
{
    public static string NewRevision() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9));

    public static string Tag(string revision, int comments) => $"\"{revision}.{comments}\"";

    public static bool Matches(ETag ifMatch, string revision)
    {
        if (ifMatch == ETag.All)
        {
            return true;
        }

        var value = ifMatch.ToString();
        var dot = value.LastIndexOf('.');
        return value.Length > 2 && value[0] == '"' && dot > 0 && value.AsSpan(1, dot - 1).SequenceEqual(revision);
    }
}
