using CsCheck;

namespace Hub.IntegrationTests.Reliability;

/// <summary>Where a hostile request is aimed: query strings, path segments and cursors, from what the seeding left.</summary>
internal static class HostileTargets
{
    /// <summary>A query string from the given parameters: each left out, given once, twice, empty or bare.</summary>
    public static Gen<string> Query(params (string Name, Gen<string> Value)[] parameters)
    {
        var parts = parameters.Select(parameter => Hostile.Mix(
            (3, Gen.Const("")),
            (6, parameter.Value.Select(value => $"{parameter.Name}={value}")),
            (1, Gen.Select(parameter.Value, parameter.Value, (first, second) => $"{parameter.Name}={first}&{parameter.Name}={second}")),
            (1, Gen.OneOf(parameter.Name, parameter.Name + "=", parameter.Name.ToUpperInvariant() + "=1", parameter.Name + "%00=1", parameter.Name + "[]=1"))));
        var junk = Hostile.Mix((6, Gen.Const("")), (1, Gen.OneOf("&", "&&", "=", "&=x", "%zz=1", "%E2%80%AE=1", "x=%", ";limit=1", "#fragment")), (1, Hostile.UrlText(Hostile.Text).Select(text => text + "=" + text)));
        return Gen.Select(Hostile.Sequence([.. parts, junk]), Gen.Int[0, 7], (items, start) =>
        {
            var query = string.Join('&', items.Where(item => item.Length > 0));
            var withMark = query.Length == 0 ? (start == 0 ? "?" : "") : "?" + query;

            // The request line stays within what Kestrel (and so the Functions host) reads at all: 8 KB.
            return withMark.Length > 6000 ? withMark[..6000] : withMark;
        });
    }

    public static Gen<string> Label(World world)
        => Hostile.Mix(
            (4, Gen.OneOf(world.Category, "hostile")),
            (1, Gen.OneOf("a-b", "A", "a--b", "-a", "a-", "a%0A", "hostile%0A", "hostile%00", new string('a', 41), "%E2%80%8Bhostile", "hostile%E2%80%AE")),
            (3, Hostile.UrlText(Hostile.Text)));

    /// <summary>An entry id path segment: mostly a real id (so the rest of the request is looked at), else anything.</summary>
    public static Gen<string> EntrySegment(World world)
        => Hostile.Mix((7, EntrySegment(world, EntryIdKind.Real)), (1, EntrySegment(world, EntryIdKind.NearlyValid)), (4, EntrySegment(world, EntryIdKind.Hostile)));

    /// <summary>An entry id path segment of the given kind.</summary>
    public static Gen<string> EntrySegment(World world, EntryIdKind kind) => kind switch
    {
        EntryIdKind.Real => Hostile.Mix((6, Gen.Const(world.EntryId)), (1, Gen.OneOf(world.EntryIds))),
        EntryIdKind.NearlyValid => NearlyValid(Gen.OneOf(world.EntryIds)),
        EntryIdKind.Hostile => Segment(Gen.OneOf(world.EntryIds)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A kind's share of a route's requests: as often as it came up in <see cref="EntrySegment(World)"/> (7, 1 and 4 in 12).</summary>
    public static int Share(EntryIdKind kind, int routeRequests)
        => (int)Math.Round(routeRequests * (kind switch { EntryIdKind.Real => 7, EntryIdKind.NearlyValid => 1, _ => 4 }) / 12.0);

    /// <summary>A valid id with one character more around it: a line break, a space, a tab, a zero-width or no-break space.</summary>
    public static Gen<string> NearlyValid(Gen<string> real)
        => Gen.Select(real, Gen.OneOf("%0A", "%0D%0A", "%0D", "%20", "%09", "%0B", "%0C", "%E2%80%8B", "%C2%A0", "%E2%80%A8"), Gen.Bool, (id, extra, after) => after ? id + extra : extra + id);

    public static Gen<string> CommentSegment(World world)
        => Hostile.Mix(
            (7, Gen.OneOf(world.CommentIds)),
            (1, Gen.Const("0639000000000000000abcdef")),
            (1, Gen.OneOf(world.CommentIds).Select(id => id.ToUpperInvariant())),
            (1, Gen.OneOf(world.CommentIds).SelectMany(id => Gen.OneOf(id + "%0A", id + "%00", id[..24], id + "0", "%D9%A3" + id[1..], id[..^1] + "%EF%BC%A6"))),
            (4, Segment(Gen.OneOf(world.CommentIds))));

    /// <summary>
    /// A hostile path segment, percent-encoded (so it stays one segment) or with raw escapes of
    /// its own; at most 800 characters, so the request line stays within the 8 KB that Kestrel
    /// (and so the Functions host) reads at all before answering an empty 414 of its own, even
    /// when the client escapes each character again (up to 9 bytes for one).
    /// </summary>
    public static Gen<string> Segment(Gen<string> real)
        => SegmentOf(real).Select(segment => segment.Length > 800 ? segment[..800] : segment);

    public static Gen<string> SegmentOf(Gen<string> real)
        => Hostile.Mix(
            (4, Hostile.UrlText(Hostile.Text)),
            (1, Gen.Select(real, Hostile.UrlText(Hostile.Text), (id, suffix) => id + suffix)),
            (1, real.Select(id => id + "%0A")),
            (1, real.Select(id => id.ToUpperInvariant())),
            (2, Gen.OneOf(
                "", "A", "-a", "a-", "a--b", new string('a', 80), new string('a', 81), new string('a', 2000), "%2F", "a%2Fb", "..", "%2E%2E", ".", "a%0A",
                "%00", "a%00", "a%20", "a+b", "%", "%zz", "%C0%AF", "%ED%A0%80", "%ED%B0%80", "%F0%9F%98%80", "%E2%80%AE", "%E2%80%8B", "%EF%BB%BFa", "a;b",
                "a%3Bb", "~", "%7E", "%5C", "a%5Cb", "%25", "%2525", "%23", "%3F", "%09", "%0D%0A")));

    public static Gen<string> EntryPositions(World world)
        => Hostile.Mix(
            (3, Gen.Select(Hostile.Long(Hostile.Pieces, 8, 8), Hostile.Mix((2, Gen.OneOf(world.EntryIds)), (1, Hostile.Text), (1, Gen.Const(world.EntryId + "\n"))), (date, id) => $"bydate|{date}|{id}")),
            (1, Gen.OneOf("bydate|", "bydate|99999999|", "bydate}", "entry|" + world.EntryId, "bydate|79759498|" + world.EntryId + "\n", "bydate|7975949'|" + world.EntryId)),
            (1, Hostile.Text));

    public static Gen<string> PublicPositions(World world)
        => Hostile.Mix(
            (2, Gen.OneOf(world.CommentIds).Select(id => "p|" + id)),
            (2, Hostile.Long(Hostile.Pieces, 25, 25).Select(id => "p|" + id)),
            (1, Gen.OneOf(world.CommentIds).SelectMany(id => Gen.OneOf("p|" + id + "\n", "c|" + id, "p|", "p}", "count"))),
            (1, Hostile.Text));

    public static Gen<string> QueuePositions(World world)
        => Hostile.Mix(
            (4, Gen.Select(
                Hostile.Long(Hostile.Pieces, 19, 19),
                Hostile.Mix((1, Gen.Const(world.EntryId)), (3, Hostile.Text)),
                Hostile.Mix((3, Gen.OneOf(world.CommentIds)), (1, Gen.Const("0639000000000000000abcdef"))),
                (time, entry, comment) => $"{time}|{entry}|{comment}")),
            (1, Hostile.Text));
}

/// <summary>The entry id in a request's path: each kind a row of its own, so a failure names which.</summary>
public enum EntryIdKind
{
    /// <summary>A real entry's id, so the rest of the request is looked at.</summary>
    Real,

    /// <summary>A real id with one character more around it: a line break, a space, a tab, a zero-width or no-break space.</summary>
    NearlyValid,

    /// <summary>Anything: odd Unicode, raw escapes, dots, slashes, NUL, far too long.</summary>
    Hostile,
}
