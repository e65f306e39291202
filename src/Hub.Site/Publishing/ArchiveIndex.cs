using System.Globalization;
using Hub.Core.Entries;

namespace Hub.Site.Publishing;

/// <summary>
/// What a list's archive index is written from, kept in its blob's metadata: the months with
/// entries, and (for the home list, whose sitemap index names every archive page's sitemap) the
/// numbers of each month's pages past the first, as <c>2024-05:2.3;2024-04:2</c>.
/// </summary>
public sealed class ArchiveIndex
{
    private readonly SortedDictionary<ArchiveMonth, string> _pages = [];

    public ArchiveIndex(SortedSet<ArchiveMonth> months, string? pages)
    {
        Months = months;
        foreach (var part in (pages ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && ArchiveMonth.TryParse(part[..colon], out var month) && part[(colon + 1)..] is { Length: > 0 } numbers)
            {
                _pages[month] = numbers;
            }
        }
    }

    public SortedSet<ArchiveMonth> Months { get; }

    public string PagesText => string.Join(';', _pages.Where(pair => Months.Contains(pair.Key)).Select(pair => $"{pair.Key}:{pair.Value}"));

    /// <summary>The numbers of a month's pages past the first.</summary>
    public IEnumerable<int> PagesOf(ArchiveMonth month)
        => _pages.TryGetValue(month, out var text)
            ? text.Split('.').Select(number => int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0).Where(number => number > 1)
            : [];

    /// <summary>Sets a month's pages past the first ("2.3"; "" for none); whether that changed them.</summary>
    public bool SetPages(ArchiveMonth month, string numbers)
    {
        var had = _pages.TryGetValue(month, out var was) ? was : "";
        if (had == numbers)
        {
            return false;
        }

        if (numbers.Length == 0)
        {
            _pages.Remove(month);
        }
        else
        {
            _pages[month] = numbers;
        }

        return true;
    }

    /// <summary>Forgets the pages of months not in <paramref name="months"/>; whether any were.</summary>
    public bool DropPagesOutside(IEnumerable<ArchiveMonth> months)
    {
        var keep = months.ToHashSet();
        var gone = _pages.Keys.Where(month => !keep.Contains(month)).ToList();
        foreach (var month in gone)
        {
            _pages.Remove(month);
        }

        return gone.Count > 0;
    }
}
