using System.Globalization;
using Hub.Core.Entries;
using Hub.Core.Paging;

namespace Hub.Core.Search;

/// <summary>
/// Where a page of results ended: the last hit's score and list position. The next page is the
/// hits after it in the same order (score, then newest first), so an entry changed between pages
/// moves rather than shifting every later hit. Opaque to clients, like every cursor.
/// </summary>
public sealed record SearchCursor(float Score, string Position)
{
    public string Encode() => Cursor.Encode(string.Create(CultureInfo.InvariantCulture, $"{BitConverter.SingleToInt32Bits(Score):x8}|{Position}"));

    public static bool TryDecode(string cursor, out SearchCursor? decoded)
    {
        decoded = null;
        if (!Cursor.TryDecode(cursor, IsValid, out var text))
        {
            return false;
        }

        decoded = new SearchCursor(BitConverter.Int32BitsToSingle(int.Parse(text.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)), text[9..]);
        return true;
    }

    /// <summary>Whether a hit comes after this cursor: a lower score, or the same score and a later position.</summary>
    internal bool Precedes(float score, string position)
        => score < Score || (score == Score && string.CompareOrdinal(position, Position) > 0);

    private static bool IsValid(string text)
        => text.Length > 9 && text[8] == '|'
           && int.TryParse(text.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits)
           && float.IsFinite(BitConverter.Int32BitsToSingle(bits))
           && EntryKeys.IsPosition(text[9..]);
}
