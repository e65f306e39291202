using CsCheck;
using Xunit.Abstractions;
using static Hub.IntegrationTests.Reliability.HostileTargets;

namespace Hub.IntegrationTests.Reliability;

/// <summary>Hostile input on the moderation API a signed-in moderator uses: one comment's status, many at once, the queues (see <see cref="HostileInputGroup"/>).</summary>
[Collection(HostileInputGroup.Name)]
public sealed class HostileModerationApiTests(HostileHub hub, ITestOutputHelper output)
{
    private const long BodyLimit = 64 * 1024;

    private World World => hub.World;

    [Theory]
    [MemberData(nameof(HostileInputGroup.BodyKinds), MemberType = typeof(HostileInputGroup))]
    public Task Changing_a_comments_status_with_a_hostile_body(BodyKind body)
        => HostileCase.CheckAsync(hub, output, ChangeCommentStatus(World, body), HostileCase.Share(body, 200));

    [Theory]
    [MemberData(nameof(HostileInputGroup.BodyKinds), MemberType = typeof(HostileInputGroup))]
    public Task Changing_many_comments_at_once_with_a_hostile_body(BodyKind body)
        => HostileCase.CheckAsync(hub, output, BulkChangeCommentStatus(World, body), HostileCase.Share(body, 200));

    [Fact]
    public Task Listing_a_moderation_queue_with_a_hostile_status_limit_or_cursor()
        => HostileCase.CheckAsync(hub, output, ListModerationQueue(World), 200);

    private static Gen<HostileRequest> ChangeCommentStatus(World world, BodyKind kind)
        => Gen.Select(
            EntrySegment(world),
            CommentSegment(world),
            Hostile.Body(kind, ValidStatus().Select(status => $"{{\"status\":{status}}}"), Hostile.Obj(("status", Status())), BodyLimit, "status"),
            Hostile.ContentType,
            Hostile.Chunked,
            Hostile.Mix(
                (2, Gen.Const((string?)null)),
                (2, Gen.Const<string?>("*")),
                (2, Gen.OneOf(world.Etags).Select(etag => (string?)etag)),
                (2, Hostile.AsciiText.Select(text => (string?)text))),
            (entryId, commentId, body, contentType, chunked, ifMatch) => new HostileRequest(
                "PATCH /api/manage/comments/{entryId}/{commentId}", "PATCH", $"/api/manage/comments/{entryId}/{commentId}", body, contentType, chunked, IfMatch: ifMatch, AsModerator: true, Writes: true));

    private static Gen<HostileRequest> BulkChangeCommentStatus(World world, BodyKind kind)
    {
        var item = Hostile.Mix(
            (6, Hostile.Obj(
                ("entryId", Hostile.Mix((4, Gen.Const(Hostile.Quote(world.EntryId, 0))), (3, Hostile.Literal(Hostile.Text)), (1, Hostile.Literal(Gen.Const(world.EntryId + "\n"))), (1, Hostile.AnyJson))),
                ("commentId", Hostile.Mix((4, Gen.OneOf(world.CommentIds).Select(id => Hostile.Quote(id, 0))), (3, Hostile.Literal(Hostile.Text)), (1, Hostile.AnyJson))),
                ("etag", Hostile.Mix((3, Gen.Const("\"*\"")), (2, Gen.OneOf(world.Etags).Select(etag => Hostile.Quote(etag, 0))), (3, Hostile.Literal(Hostile.Text)), (1, Hostile.AnyJson))))),
            (1, Hostile.AnyJson));
        var plausibleItem = Gen.Select(
            Gen.OneOf(world.CommentIds),
            Hostile.Mix((1, Gen.Const("*")), (1, Gen.OneOf(world.Etags))),
            (commentId, etag) => $"{{\"entryId\":\"{world.EntryId}\",\"commentId\":\"{commentId}\",\"etag\":{Hostile.Quote(etag, 0)}}}");
        var comments = Hostile.Mix(
            (6, item.Array[0, 6].Select(items => "[" + string.Join(',', items) + "]")),
            (1, Gen.Int[100, 103].Select(count => "[" + string.Join(',', Enumerable.Repeat("{\"entryId\":\"a\",\"commentId\":\"b\",\"etag\":\"*\"}", count)) + "]")),
            (2, Hostile.AnyJson));
        return Gen.Select(
            Hostile.Body(
                kind,
                Gen.Select(ValidStatus(), plausibleItem.Array[1, 4], (status, items) => $"{{\"status\":{status},\"comments\":[{string.Join(',', items)}]}}"),
                Hostile.Obj(("status", Status()), ("comments", comments)),
                BodyLimit,
                "status"),
            Hostile.ContentType,
            Hostile.Chunked,
            (body, contentType, chunked) => new HostileRequest(
                "POST /api/manage/comments/bulk", "POST", "/api/manage/comments/bulk", body, contentType, chunked, AsModerator: true, Writes: true));
    }

    private static Gen<HostileRequest> ListModerationQueue(World world)
        => Query(
                ("status", Hostile.Mix((4, Gen.OneOf("pending", "approved", "spam", "trash")), (1, Gen.OneOf("PENDING", "Approved", "", "deleted", "pending%00", "pending%0A", "0", "1", "-1")), (3, Hostile.UrlText(Hostile.Text)))),
                ("limit", Hostile.Limit),
                ("cursor", Hostile.CursorOf(world.QueueCursor, QueuePositions(world))))
            .Select(query => new HostileRequest("GET /api/manage/comments", "GET", "/api/manage/comments" + query, AsModerator: true));

    private static Gen<string> ValidStatus() => Gen.OneOf("\"pending\"", "\"approved\"", "\"spam\"", "\"trash\"");

    private static Gen<string> Status()
        => Hostile.Mix(
            (4, ValidStatus()),
            (1, Gen.OneOf("\"PENDING\"", "\"\"", "\"deleted\"", "\"approved \"", "\"appr\\u006fved\"", "0", "3", "4", "-1", "1e309", "null", "true", "[\"approved\"]")),
            (3, Hostile.Literal(Hostile.Text)),
            (1, Hostile.AnyJson));
}
