using Hub.Core.Paging;

namespace Hub.Core.Resources;

/// <summary>The cursor of the entry list: the date-ordered key of the last entry handed out.</summary>
public static class ResourceCursor
{
    public static bool TryDecode(string cursor, out string after)
        => Cursor.TryDecode(cursor, ResourceKeys.IsDateRow, out after);
}
