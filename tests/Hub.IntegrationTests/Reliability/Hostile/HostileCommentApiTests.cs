using System.Buffers.Text;
using CsCheck;
using Xunit.Abstractions;
using static Hub.IntegrationTests.Reliability.HostileTargets;

namespace Hub.IntegrationTests.Reliability;

/// <summary>Hostile input on the public comment API: an entry's comments listed, a comment posted, a comment withdrawn (see <see cref="HostileInputGroup"/>).</summary>
[Collection(HostileInputGroup.Name)]
public sealed class HostileCommentApiTests(HostileHub hub, ITestOutputHelper output)
{
    private const long CommentBodyLimit = 256 * 1024;

    private World World => hub.World;

    [Theory]
    [MemberData(nameof(HostileInputGroup.EntryIdKinds), MemberType = typeof(HostileInputGroup))]
    public Task Listing_comments_with_a_hostile_limit_or_cursor(EntryIdKind id)
        => HostileCase.CheckAsync(hub, output, ListComments(World, id), Share(id, 200));

    [Theory]
    [MemberData(nameof(HostileInputGroup.BodyKinds), MemberType = typeof(HostileInputGroup))]
    public Task Posting_a_comment_with_a_hostile_body(BodyKind body)
        => HostileCase.CheckAsync(hub, output, PostComment(World, body), HostileCase.Share(body, 400));

    public enum WithdrawalCase
    {
        /// <summary>No Authorization header at all.</summary>
        NoAuthorization,

        /// <summary><c>Withdraw</c> and any printable ASCII as the token.</summary>
        PrintableToken,

        /// <summary><c>Withdraw</c> and 32 random bytes in base64url: a token of the right shape, never issued.</summary>
        RandomTokenOfTheRightShape,

        /// <summary>Another scheme, the scheme alone, or the scheme misspelled: <c>Bearer x</c>, <c>withdraw x</c>, <c>Withdrawx</c>.</summary>
        OddScheme,
    }

    [Theory]
    [InlineData(WithdrawalCase.NoAuthorization, 17)]
    [InlineData(WithdrawalCase.PrintableToken, 67)]
    [InlineData(WithdrawalCase.RandomTokenOfTheRightShape, 33)]
    [InlineData(WithdrawalCase.OddScheme, 33)]
    public Task Withdrawing_a_comment_without_its_token(WithdrawalCase authorization, int requests)
        => HostileCase.CheckAsync(hub, output, WithdrawComment(World, authorization), requests);

    private static Gen<HostileRequest> ListComments(World world, EntryIdKind kind)
        => Gen.Select(
            EntrySegment(world, kind),
            Query(("limit", Hostile.Limit), ("cursor", Hostile.CursorOf(world.PublicCursor, PublicPositions(world)))),
            (id, query) => new HostileRequest("GET /api/resources/{id}/comments", "GET", $"/api/resources/{id}/comments{query}"));

    private static Gen<HostileRequest> PostComment(World world, BodyKind kind)
        => Gen.Select(
            EntrySegment(world),
            Hostile.Body(kind, PlausibleComment(), CommentObject(world), CommentBodyLimit, "content"),
            Hostile.ContentType,
            Hostile.Chunked,
            (id, body, contentType, chunked) => new HostileRequest(
                "POST /api/resources/{id}/comments", "POST", $"/api/resources/{id}/comments", body, contentType, chunked, Writes: true));

    private static Gen<HostileRequest> WithdrawComment(World world, WithdrawalCase kind)
        => Gen.Select(
            EntrySegment(world),
            CommentSegment(world),
            kind switch
            {
                WithdrawalCase.NoAuthorization => Gen.Const((string?)null),
                WithdrawalCase.PrintableToken => Hostile.AsciiText.Select(token => (string?)("Withdraw " + token)),
                WithdrawalCase.RandomTokenOfTheRightShape => Gen.Byte.Array[32].Select(bytes => (string?)("Withdraw " + Base64Url.EncodeToString(bytes))),
                _ => Gen.OneOf<string?>("Withdraw", "Withdraw ", "Withdraw  ", "withdraw x", "WITHDRAW x", "Withdrawx", "Bearer x", "Moderator x", "Basic eDp4", "Withdraw \"\"", "Withdraw *"),
            },
            (id, commentId, authorization) => new HostileRequest(
                "DELETE /api/resources/{id}/comments/{commentId}", "DELETE", $"/api/resources/{id}/comments/{commentId}", Authorization: authorization, Writes: true));

    /// <summary>A comment the hub may well accept: every member of the right type, odd Unicode in the text.</summary>
    private static Gen<string> PlausibleComment()
        => Gen.Select(
            Hostile.Storable,
            Gen.Guid,
            Hostile.Mix((3, Gen.Const("")), (1, Hostile.Storable.Select(text => "https://example.org/" + text))),
            Hostile.Mix((4, Hostile.StorableLines), (1, Hostile.Long(Hostile.StorableLinePieces, 4990, 5010))),
            Hostile.Mix((6, Gen.Const(0)), (3, Gen.Const(1))),
            (name, guid, url, content, mode) => "{"
                + $"\"authorName\":{Hostile.Quote("Ada " + name, mode)},"
                + $"\"authorEmail\":\"hostile-{guid:N}@example.org\","
                + (url.Length > 0 ? $"\"authorUrl\":{Hostile.Quote(url, mode)}," : "")
                + $"\"content\":{Hostile.Quote("Thanks " + content, mode)}"
                + "}");

    private static Gen<string> CommentObject(World world)
        => Hostile.Obj(
            ("authorName", Hostile.Mix((6, Hostile.Literal(Hostile.Printable)), (2, Hostile.Literal(Hostile.Text)), (1, Hostile.Literal(Hostile.Long(Hostile.PrintablePieces, 240, 300))), (1, Hostile.AnyJson))),
            ("authorEmail", Hostile.Mix(
                (6, Gen.Guid.Select(guid => Hostile.Quote($"hostile-{guid:N}@example.org", 0))),
                (1, Gen.Const("\"repeated@example.org\"")),
                (2, Gen.Select(Hostile.Printable, Gen.Guid, Hostile.QuoteMode, (text, guid, mode) => Hostile.Quote($"{text}{guid:N}@example.org", mode))),
                (1, Hostile.Literal(Hostile.Text)),
                (1, Hostile.AnyJson))),
            ("authorUrl", Hostile.Mix(
                (3, Gen.Const("")),
                (2, Gen.Select(Hostile.Printable, Hostile.QuoteMode, (text, mode) => Hostile.Quote("https://example.org/" + text, mode))),
                (1, Gen.OneOf("\"javascript:alert(1)\"", "\"http://\"", "\"https://exa mple.org\"", "\"//example.org\"", "\"http://[::1]/\"", "\"https://\\u202eevil.example/\"")),
                (1, Hostile.Literal(Hostile.Text)),
                (1, Hostile.AnyJson))),
            ("content", Hostile.Mix(
                (6, Hostile.Literal(Hostile.Printable)),
                (2, Hostile.Literal(Hostile.Multiline)),
                (1, Hostile.Literal(Hostile.Text)),
                (1, Hostile.Literal(Hostile.Long(Hostile.PrintablePieces, 4990, 5010))),
                (1, Hostile.Literal(Hostile.Long(Hostile.PrintablePieces, 32_760, 40_000))),
                (1, Hostile.AnyJson))),
            ("parentId", Hostile.Mix(
                (8, Gen.Const("")),
                (1, Gen.OneOf(world.CommentIds).Select(id => Hostile.Quote(id, 0))),
                (1, Gen.OneOf("\"0639000000000000000abcdef\"", "\"0639000000000000000ABCDEF\"", "\"063900000000000000abcdef\"", $"\"{world.CommentIds[0]}\\n\"", "\"\"")),
                (1, Hostile.Literal(Hostile.Text)),
                (1, Hostile.AnyJson))),
            ("subject", Hostile.Mix((9, Gen.Const("")), (1, Hostile.Literal(Hostile.Text)))));

}
