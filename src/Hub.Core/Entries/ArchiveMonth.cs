using System.Globalization;

namespace Hub.Core.Entries;

/// <summary>
/// A month of a list's archive, by the entries' publication date; <see cref="Undated"/> holds
/// the entries without one (they sort after every dated entry). Its rows in any list are one
/// key range, as positions start with the inverted date.
/// </summary>
public readonly record struct ArchiveMonth(int Year, int Month) : IComparable<ArchiveMonth>
{
    public static readonly ArchiveMonth Undated = new(0, 0);

    public bool IsUndated => Year == 0;

    public static ArchiveMonth Of(DateOnly? date) => date is { } day ? new(day.Year, day.Month) : Undated;

    /// <summary>"2024-01", or "undated": how it is named in addresses and in stored metadata.</summary>
    public override string ToString() => IsUndated ? "undated" : string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    public static bool TryParse(string text, out ArchiveMonth month)
    {
        month = Undated;
        if (text == "undated")
        {
            return true;
        }

        if (text.Length == 7 && text[4] == '-'
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && year >= 1 && number is >= 1 and <= 12)
        {
            month = new ArchiveMonth(year, number);
            return true;
        }

        return false;
    }

    /// <summary>Newest first, undated last: the order of the lists.</summary>
    public int CompareTo(ArchiveMonth other)
        => IsUndated || other.IsUndated
            ? IsUndated.CompareTo(other.IsUndated)
            : (other.Year * 12 + other.Month).CompareTo(Year * 12 + Month);

    public static bool operator <(ArchiveMonth left, ArchiveMonth right) => left.CompareTo(right) < 0;

    public static bool operator <=(ArchiveMonth left, ArchiveMonth right) => left.CompareTo(right) <= 0;

    public static bool operator >(ArchiveMonth left, ArchiveMonth right) => left.CompareTo(right) > 0;

    public static bool operator >=(ArchiveMonth left, ArchiveMonth right) => left.CompareTo(right) >= 0;
}
