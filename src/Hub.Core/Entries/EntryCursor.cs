using Hub.Core.Paging;

namespace Hub.Core.Entries;

/// <summary>The cursor of an entry list: the position (date and id) of the last entry it covered, the same in every list.</summary>
public static class EntryCursor
{
    public static bool TryDecode(string cursor, out string after)
        => Cursor.TryDecode(cursor, EntryKeys.IsPosition, out after);
}
