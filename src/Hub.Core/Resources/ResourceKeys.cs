using System.Globalization;

namespace Hub.Core.Resources;

/// <summary>
/// Where an entry lives in the Resources table. Every entry is stored twice in one partition:
/// an <c>entry|{id}</c> row for point reads, and a <c>bydate|{inverted date}|{id}</c> row whose
/// key sorts newest first, so the public list is one range query. Both rows sit in the same
/// partition so that every change to an entry is a single atomic entity group transaction.
/// </summary>
internal static class ResourceKeys
{
    public const string Partition = "resources";
    public const string EntryPrefix = "entry|";
    public const string DatePrefix = "bydate|";

    // '}' is the character after '|', so "bydate}" is the first key past every "bydate|…" key.
    public const string DateRangeEnd = "bydate}";

    public static string EntryRow(string id) => EntryPrefix + id;

    /// <summary>Newest first; entries without a date sort after every dated one.</summary>
    public static string DateRow(DateOnly? publishedOn, string id)
    {
        var sortable = publishedOn is { } date
            ? int.Parse(date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : 0;
        return $"{DatePrefix}{99_999_999 - sortable:D8}|{id}";
    }

    public static bool IsDateRow(string rowKey)
        => rowKey.StartsWith(DatePrefix, StringComparison.Ordinal)
           && rowKey.Length > DatePrefix.Length + 9
           && rowKey[DatePrefix.Length + 8] == '|'
           && ResourceId.IsValid(rowKey[(DatePrefix.Length + 9)..]);
}
