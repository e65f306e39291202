using System.Globalization;

namespace Hub.Core.Entries;

/// <summary>
/// Where an entry lives in the Resources table. All of an entry's rows sit in one partition, so
/// every change to an entry is one atomic entity group transaction:
/// <list type="bullet">
/// <item><c>entry|{id}</c>, for point reads;</item>
/// <item>a listing row per list the entry is in, each a full copy keyed to sort newest first:
/// <c>bydate|{position}</c>, <c>category|{category}|{position}</c> and <c>tag|{tag}|{position}</c>,
/// where the position is <c>{inverted date}|{id}</c>.</item>
/// </list>
/// So the home list, a category and a tag are each one range query that reads only what it
/// returns, with the comment count already on the row.
/// </summary>
internal static class EntryKeys
{
    public const string Partition = "resources";
    public const string EntryPrefix = "entry|";
    private const string DatePrefix = "bydate|";

    public static string EntryRow(string id) => EntryPrefix + id;

    /// <summary>The first key of a list: every row of that list starts with it.</summary>
    public static string ListPrefix(string? category, string? tag)
        => tag is not null ? $"tag|{tag}|" : category is not null ? $"category|{category}|" : DatePrefix;

    /// <summary>The first key past a list ('}' follows '|').</summary>
    public static string ListEnd(string prefix) => prefix[..^1] + "}";

    /// <summary>Every listing row key an entry has: the date list, its category's, each tag's.</summary>
    public static IEnumerable<string> ListingRows(DateOnly? publishedOn, string? category, IEnumerable<string> tags, string id)
    {
        var position = Position(publishedOn, id);
        yield return DatePrefix + position;
        if (category is not null)
        {
            yield return ListPrefix(category, null) + position;
        }

        foreach (var tag in tags)
        {
            yield return ListPrefix(null, tag) + position;
        }
    }

    /// <summary>Newest first; entries without a date sort after every dated one.</summary>
    public static string Position(DateOnly? publishedOn, string id)
    {
        var sortable = publishedOn is { } date
            ? int.Parse(date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : 0;
        return $"{99_999_999 - sortable:D8}|{id}";
    }

    public static bool IsPosition(string position)
        => position.Length > 9
           && position[8] == '|'
           && position[..8].All(char.IsAsciiDigit)
           && EntryIds.IsValid(position[9..]);
}
