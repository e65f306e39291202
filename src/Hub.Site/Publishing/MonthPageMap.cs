using System.Globalization;
using Hub.Core.Entries;

namespace Hub.Site.Publishing;

/// <summary>One page of a month in its <see cref="MonthPageMap"/>: its number (its address) and the first position it holds.</summary>
/// <param name="Number">The page's name in its address (<c>…/page/{Number}/</c>; 1 is the month's own address). A name, not a rank: it never changes while the page exists.</param>
/// <param name="Anchor">The first (newest) position the page holds; "" for the first page, which starts at the month's start.</param>
public sealed record MapPage(int Number, string Anchor);

/// <summary>
/// How one month of a list is cut into archive pages: pages anchored at stable keys, so that a
/// save touches only the page its entry falls in. Page <c>i</c> holds the entries whose positions
/// (<see cref="EntryRepository.PositionOf"/>) are in [anchor <c>i</c>, anchor <c>i + 1</c>), newest
/// first. An entry added, edited or removed changes that page's rows only: no other page's rows
/// move, so no other page is read or rendered. A page that grows past <see cref="MaxPage"/> is cut
/// into pages of <see cref="ArchiveLayout.PageSize"/> to <see cref="MaxPage"/> entries, the new ones
/// taking the next free numbers; a page that shrinks below <see cref="MinPage"/> joins a neighbour
/// when both fit on one page. Either way only those pages and the two next to them (whose links
/// name them) are rendered: a save reads and renders at most about four pages' worth, whatever
/// the size of its month.
/// <para>Why numbers are names, not ranks: numbering pages by rank from the newest (as the layout
/// before this did) shifts every page after an inserted entry, which is what made a save into a
/// busy month read and render the whole month. A map built without one (<see cref="Fresh"/>)
/// numbers pages 1, 2, 3… by rank with <see cref="ArchiveLayout.PageSize"/> a page, exactly the
/// old layout, so every address of it keeps its meaning until its month changes, and stays an
/// address of that month after.</para>
/// </summary>
public sealed class MonthPageMap
{
    /// <summary>The most entries a page holds after its render; one more and it is cut.</summary>
    public const int MaxPage = 2 * ArchiveLayout.PageSize;

    /// <summary>A page with fewer entries joins a neighbour when the two fit on one page.</summary>
    public const int MinPage = ArchiveLayout.PageSize / 2;

    public MonthPageMap(IReadOnlyList<MapPage> pages)
    {
        if (pages.Count == 0 || pages[0].Anchor.Length != 0 || pages[0].Number != 1)
        {
            throw new ArgumentException("A month's first page is number 1 and starts at the month's start.", nameof(pages));
        }

        Pages = pages;
    }

    /// <summary>Newest first; the first is number 1 at "".</summary>
    public IReadOnlyList<MapPage> Pages { get; }

    /// <summary>A month with no pages but the first.</summary>
    public static MonthPageMap Empty { get; } = new([new MapPage(1, "")]);

    /// <summary>The index of the page that holds <paramref name="position"/>.</summary>
    public int IndexOf(string position)
    {
        var index = 0;
        for (var i = 1; i < Pages.Count; i++)
        {
            if (string.CompareOrdinal(Pages[i].Anchor, position) <= 0)
            {
                index = i;
            }
        }

        return index;
    }

    /// <summary>The positions page <paramref name="index"/> holds: [From, To), To null at the month's end.</summary>
    public (string From, string? To) RangeOf(int index) => (Pages[index].Anchor, index + 1 < Pages.Count ? Pages[index + 1].Anchor : null);

    /// <summary>The numbers of the pages, newest first.</summary>
    public IEnumerable<int> Numbers => Pages.Select(page => page.Number);

    /// <summary>Pages of <see cref="ArchiveLayout.PageSize"/> numbered by rank from the newest: the layout of a month that has no map yet.</summary>
    public static MonthPageMap Fresh(IReadOnlyList<Entry> entries)
    {
        var pages = new List<MapPage> { new(1, "") };
        for (var start = ArchiveLayout.PageSize; start < entries.Count; start += ArchiveLayout.PageSize)
        {
            pages.Add(new MapPage(pages.Count + 1, PositionOf(entries[start])));
        }

        return new MonthPageMap(pages);
    }

    /// <summary>"1:;2:99799898|some-id" (numbers and anchors hold neither ';' nor ':').</summary>
    public string Serialize() => string.Join(';', Pages.Select(page => string.Create(CultureInfo.InvariantCulture, $"{page.Number}:{page.Anchor}")));

    public static MonthPageMap? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var pages = new List<MapPage>();
        foreach (var part in text.Split(';'))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 1 || !int.TryParse(part.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                return null;
            }

            pages.Add(new MapPage(number, part[(colon + 1)..]));
        }

        var ordered = pages.Count > 0 && pages[0] is { Number: 1, Anchor: "" }
            && pages.Skip(1).Select((page, i) => string.CompareOrdinal(pages[i].Anchor, page.Anchor) < 0).All(ascending => ascending)
            && pages.Select(page => page.Number).Distinct().Count() == pages.Count;
        return ordered ? new MonthPageMap(pages) : null;
    }

    /// <summary>
    /// Which pages a change of the rows of some pages makes: a pure decision from this map and the
    /// rows read now of the pages at the indices in <paramref name="read"/> (each the whole of its
    /// range, newest first). Pages not read keep their anchor, and their rows.
    /// </summary>
    public MonthPlan Plan(IReadOnlyDictionary<int, IReadOnlyList<Entry>> read)
    {
        // Runs of the new map: each a page of this map (anchor and number kept) with its rows, when read.
        var runs = new List<(MapPage Page, List<Entry>? Rows)>();
        for (var i = 0; i < Pages.Count; i++)
        {
            runs.Add((Pages[i], read.TryGetValue(i, out var rows) ? [.. rows] : null));
        }

        // A small page joins its newer neighbour (the first page: its older one) when both were read and fit on one page.
        for (var i = 0; i < runs.Count && runs.Count > 1;)
        {
            if (runs[i].Rows is { } rows && rows.Count < MinPage)
            {
                var other = i > 0 ? i - 1 : i + 1;
                if (runs[other].Rows is { } them && them.Count + rows.Count <= MaxPage)
                {
                    var (newer, older) = i > 0 ? (other, i) : (i, other);
                    runs[newer] = (runs[newer].Page, [.. runs[newer].Rows!, .. runs[older].Rows!]);
                    runs.RemoveAt(older);
                    i = 0;
                    continue;
                }
            }

            i++;
        }

        // A page that grew past the most is cut: the first part keeps its anchor and number, the rest take the next free numbers.
        var next = Pages.Max(page => page.Number) + 1;
        var pages = new List<MapPage>();
        var known = new Dictionary<int, IReadOnlyList<Entry>>();
        foreach (var (page, rows) in runs)
        {
            if (rows is null || rows.Count <= MaxPage)
            {
                pages.Add(page);
                if (rows is not null)
                {
                    known[page.Number] = rows;
                }

                continue;
            }

            var first = ArchiveLayout.PageSize + (rows.Count % ArchiveLayout.PageSize);
            pages.Add(page);
            known[page.Number] = rows[..first];
            for (var start = first; start < rows.Count; start += ArchiveLayout.PageSize)
            {
                var part = new MapPage(next++, PositionOf(rows[start]));
                pages.Add(part);
                known[part.Number] = rows.GetRange(start, ArchiveLayout.PageSize);
            }
        }

        var map = new MonthPageMap(pages);
        var before = Neighbours(this);
        var after = Neighbours(map);
        var render = map.Numbers.Where(number => known.ContainsKey(number) || !before.TryGetValue(number, out var was) || was != after[number]).ToList();
        var removed = Numbers.Where(number => !after.ContainsKey(number)).ToList();
        return new MonthPlan(map, known, render, removed);
    }

    private static Dictionary<int, (int? Newer, int? Older)> Neighbours(MonthPageMap map)
        => map.Pages.Select((page, i) => (page.Number, Links: ((int?)(i > 0 ? map.Pages[i - 1].Number : null), (int?)(i + 1 < map.Pages.Count ? map.Pages[i + 1].Number : null))))
            .ToDictionary(pair => pair.Number, pair => pair.Links);

    private static string PositionOf(Entry entry) => EntryRepository.PositionOf(entry.PublishedOn, entry.Id);
}

/// <summary>
/// What a change of some pages' rows makes of a month: its new <see cref="Map"/>, the rows of the
/// pages it knows (by number), the pages to render (those whose rows were read, and those whose
/// newer or older page changed), and the numbers that are gone.
/// </summary>
public sealed record MonthPlan(MonthPageMap Map, IReadOnlyDictionary<int, IReadOnlyList<Entry>> Known, IReadOnlyList<int> Render, IReadOnlyList<int> Removed);
