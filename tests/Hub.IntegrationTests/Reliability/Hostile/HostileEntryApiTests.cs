using CsCheck;
using Xunit.Abstractions;
using static Hub.IntegrationTests.Reliability.HostileTargets;

namespace Hub.IntegrationTests.Reliability;

/// <summary>Hostile input on the entry API: the list and its filters, one entry, a moderator's PUT, and the health route (see <see cref="HostileInputGroup"/>).</summary>
[Collection(HostileInputGroup.Name)]
public sealed class HostileEntryApiTests(HostileHub hub, ITestOutputHelper output)
{
    private const long BodyLimit = 256 * 1024;

    private World World => hub.World;

    [Fact]
    public Task Listing_entries_with_hostile_filters_limits_and_cursors()
        => HostileCase.CheckAsync(hub, output, ListResources(World), 250);

    [Theory]
    [MemberData(nameof(HostileInputGroup.EntryIdKinds), MemberType = typeof(HostileInputGroup))]
    public Task Reading_one_entry_by_a_hostile_id(EntryIdKind id)
        => HostileCase.CheckAsync(hub, output, GetResource(World, id), Share(id, 150));

    [Theory]
    [MemberData(nameof(HostileInputGroup.BodyKinds), MemberType = typeof(HostileInputGroup))]
    public Task A_moderator_putting_an_entry_with_a_hostile_body(BodyKind body)
        => HostileCase.CheckAsync(hub, output, PutResource(body), HostileCase.Share(body, 300));

    public enum HealthCase
    {
        /// <summary>GET /api/health with a hostile query.</summary>
        HostileQuery,

        /// <summary>Another method: POST, PUT, DELETE, PATCH, HEAD, OPTIONS.</summary>
        AnotherMethod,

        /// <summary>The path spelled otherwise: a trailing slash, capitals, an escape, a double slash, a parameter.</summary>
        OddSpellingOfThePath,
    }

    [Theory]
    [InlineData(HealthCase.HostileQuery, 63)]
    [InlineData(HealthCase.AnotherMethod, 9)]
    [InlineData(HealthCase.OddSpellingOfThePath, 8)]
    public Task The_health_route_asked_oddly(HealthCase asked, int requests)
        => HostileCase.CheckAsync(hub, output, Health(asked), requests);

    private static Gen<HostileRequest> ListResources(World world)
        => Query(
                ("category", Label(world)),
                ("tag", Label(world)),
                ("q", Hostile.UrlText(Hostile.Text)),
                ("limit", Hostile.Limit),
                ("cursor", Hostile.CursorOf(world.EntryCursor, EntryPositions(world))))
            .Select(query => new HostileRequest("GET /api/resources", "GET", "/api/resources" + query));

    private static Gen<HostileRequest> GetResource(World world, EntryIdKind kind)
        => Gen.Select(
            EntrySegment(world, kind),
            Hostile.Mix((8, Gen.Const("")), (1, Query(("limit", Hostile.Limit), ("x", Hostile.UrlText(Hostile.Text))))),
            (id, query) => new HostileRequest("GET /api/resources/{id}", "GET", $"/api/resources/{id}{query}"));

    private static Gen<HostileRequest> Health(HealthCase asked)
    {
        var get = Gen.Const("GET");
        var health = Gen.Const("/api/health");
        var oddPath = Gen.OneOf("/api/health/", "/api/HEALTH", "/api/health%20", "/api/health/x", "/api//health", "/api/health;x", "/api/%68ealth");
        var (methods, paths) = asked switch
        {
            HealthCase.HostileQuery => (get, health),
            HealthCase.AnotherMethod => (Gen.OneOf("POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"), Hostile.Mix((8, health), (1, oddPath))),
            _ => (get, oddPath),
        };
        return Gen.Select(
            methods,
            paths,
            Query(("x", Hostile.UrlText(Hostile.Text)), ("limit", Hostile.Limit)),
            (method, path, query) => new HostileRequest("GET /api/health", method, path + query));
    }

    private static Gen<HostileRequest> PutResource(BodyKind kind)
        => Gen.Select(
            Hostile.Mix((5, Gen.OneOf(World.PutIds)), (2, NearlyValid(Gen.OneOf(World.PutIds))), (4, Segment(Gen.OneOf(World.PutIds)))),
            Hostile.Body(kind, PlausibleDraft(), DraftObject(), BodyLimit, "summary"),
            Hostile.ContentType,
            Hostile.Chunked,
            Hostile.Mix(
                (8, Gen.Const((string?)null)),
                (1, Gen.OneOf<string?>("*", "\"\"", "W/\"x\"", "\"*\"", "*, *", "W/\"datetime'2024-01-01T00%3A00%3A00Z'\"")),
                (1, Hostile.AsciiText.Select(text => (string?)text))),
            (id, body, contentType, chunked, ifMatch) => new HostileRequest(
                "PUT /api/manage/resources/{id}", "PUT", $"/api/manage/resources/{id}", body, contentType, chunked, IfMatch: ifMatch, AsModerator: true, Writes: true));

    /// <summary>An entry the hub may well accept: every member of the right type, odd Unicode in the text.</summary>
    private static Gen<string> PlausibleDraft()
        => Gen.Select(
            Hostile.Storable,
            Hostile.StorableLines,
            Hostile.Mix((2, Gen.Const("")), (1, Hostile.Storable)),
            Gen.OneOf("", "2024-05-01", "1999-12-31", "2024-02-29"),
            Hostile.Mix((3, Gen.OneOf("", "hostile", "a-b")), (1, Gen.OneOf("hostile\n", "Hostile", "a--b"))),
            Gen.OneOf("hostile", "a-b", "a", "b1").Array[0, 10],
            Hostile.Mix((6, Gen.Const(0)), (3, Gen.Const(1))),
            (title, summary, source, date, category, tags, mode) => "{"
                + $"\"title\":{Hostile.Quote("Report " + title, mode)},"
                + $"\"summary\":{Hostile.Quote("Found " + summary, mode)},"
                + (source.Length > 0 ? $"\"source\":{Hostile.Quote(source, mode)}," : "")
                + (date.Length > 0 ? $"\"publishedOn\":\"{date}\"," : "")
                + (category.Length > 0 ? $"\"category\":{Hostile.Quote(category, 0)}," : "")
                + $"\"tags\":[{string.Join(',', tags.Distinct().Select(tag => $"\"{tag}\""))}],"
                + "\"featured\":false}");

    private static Gen<string> DraftObject()
        => Hostile.Obj(
            ("id", Hostile.Mix((6, Gen.Const("")), (1, Gen.OneOf(World.PutIds).Select(id => Hostile.Quote(id, 0))), (1, Hostile.Literal(Hostile.Text)))),
            ("title", Hostile.Mix((6, Hostile.Literal(Hostile.Printable)), (1, Hostile.Literal(Hostile.Long(Hostile.PrintablePieces, 195, 205))), (2, Hostile.Literal(Hostile.Text)), (1, Hostile.AnyJson))),
            ("summary", Hostile.Mix((6, Hostile.Literal(Hostile.Multiline)), (1, Hostile.Literal(Hostile.Long(Hostile.PrintablePieces, 1995, 2005))), (2, Hostile.Literal(Hostile.Text)), (1, Hostile.AnyJson))),
            ("body", Hostile.Mix((3, Gen.Const("")), (4, Hostile.Literal(Hostile.Multiline)), (1, Hostile.Literal(Hostile.Long(Hostile.PrintablePieces, 29_995, 30_005))), (2, Hostile.Literal(Hostile.Text)), (1, Hostile.AnyJson))),
            ("url", Hostile.Mix(
                (3, Gen.Const("")),
                (2, Gen.Select(Hostile.Printable, Hostile.QuoteMode, (text, mode) => Hostile.Quote("https://example.org/" + text, mode))),
                (1, Hostile.Literal(Hostile.Long(Hostile.PrintablePieces, 2040, 2060).Select(text => "https://example.org/" + text))),
                (1, Hostile.Literal(Hostile.Text)),
                (1, Hostile.AnyJson))),
            ("source", Hostile.Mix((3, Gen.Const("")), (3, Hostile.Literal(Hostile.Printable)), (1, Hostile.Literal(Hostile.Text)), (1, Hostile.AnyJson))),
            ("publishedOn", Hostile.Mix(
                (3, Gen.Const("")),
                (2, Gen.OneOf("\"2024-05-01\"", "\"2024-02-30\"", "\"0001-01-01\"", "\"9999-12-31\"", "\"2024-1-1\"", "\"2024-05-01T00:00:00Z\"", "\"\\uff12024-05-01\"", "\" \"", "\"2024-05-01\\n\"", "20240501")),
                (1, Hostile.Literal(Hostile.Text)),
                (1, Hostile.AnyJson))),
            ("category", Hostile.Mix(
                (3, Gen.Const("")),
                (2, Gen.OneOf("\"hostile\"", "\"a-b\"", "\"Hostile\"", "\"a--b\"", "\"-a\"", "\"hostile\\n\"", "\"hostile\\u0000\"", "\"\"", "null")),
                (1, Hostile.Literal(Hostile.Long(["a"], 39, 42))),
                (2, Hostile.Literal(Hostile.Text)),
                (1, Hostile.AnyJson))),
            ("tags", Hostile.Mix(
                (3, Gen.Const("")),
                (2, Gen.OneOf("hostile", "a-b", "a", "x\n", "A", "").Select(tag => Hostile.Quote(tag, 0)).Array[0, 12].Select(tags => "[" + string.Join(',', tags) + "]")),
                (2, Hostile.Literal(Hostile.Text).Array[0, 4].Select(tags => "[" + string.Join(',', tags) + "]")),
                (1, Gen.OneOf("[null]", "\"hostile\"", "[[\"a\"]]", "{}", "[1]")),
                (1, Hostile.AnyJson))),
            ("featured", Hostile.Mix((3, Gen.Const("")), (2, Gen.OneOf("true", "false", "null", "\"true\"", "1", "0", "[]")), (1, Hostile.AnyJson))));
}
