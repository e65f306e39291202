using System.Buffers.Text;
using System.Text;

namespace Hub.Core.Paging;

/// <summary>
/// Paging cursors are opaque to clients: the storage key a page ended at, base64url-encoded.
/// Resuming "after this key" (rather than at an offset) stays correct while entries change.
/// </summary>
public static class Cursor
{
    public static string Encode(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));

    public static bool TryDecode(string cursor, Func<string, bool> isValidPosition, out string position)
    {
        position = "";
        if (cursor.Length > 1024 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        try
        {
            position = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return false;
        }

        return isValidPosition(position);
    }
}
