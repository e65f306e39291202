using CsCheck;
using Xunit.Abstractions;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// Hostile input on the console's Markdown preview: odd text, long text, and Markdown nested past
/// the renderer's depth limit (Markdig throws there), as either kind or another; it writes nothing
/// (see <see cref="HostileInputGroup"/>).
/// </summary>
[Collection(HostileInputGroup.Name)]
public sealed class HostilePreviewTests(HostileHub hub, ITestOutputHelper output)
{
    private const long PreviewBodyLimit = 256 * 1024;

    [Theory]
    [MemberData(nameof(HostileInputGroup.BodyKinds), MemberType = typeof(HostileInputGroup))]
    public Task Previewing_hostile_markdown(BodyKind body)
        => HostileCase.CheckAsync(hub, output, PreviewMarkdown(body), HostileCase.Share(body, 150));

    private static Gen<HostileRequest> PreviewMarkdown(BodyKind kind)
    {
        var nested = Gen.Select(
            Gen.OneOf(">", "> ", "[", "![", "[a](", "*", "**a", "_", "- ", "1. ", "> - ", "<", "`", "\\"),
            Gen.Int[1, 3000],
            (piece, count) => Hostile.Quote(string.Concat(Enumerable.Repeat(piece, count)), 0));
        var markdown = Hostile.Mix(
            (4, Hostile.Literal(Hostile.Multiline)),
            (2, Hostile.Literal(Hostile.Text)),
            (3, nested),
            (1, Hostile.Literal(Hostile.Long(Hostile.PrintablePieces, 29_990, 30_010))),
            (1, Hostile.AnyJson));
        var markdownKind = Hostile.Mix(
            (4, Gen.OneOf("", "\"entry\"", "\"comment\"")),
            (1, Gen.OneOf("\"Entry\"", "\"page\"", "null", "\"\"")),
            (1, Hostile.Literal(Hostile.Text)),
            (1, Hostile.AnyJson));
        var plausible = Gen.Select(
            Hostile.StorableLines,
            Gen.OneOf("entry", "comment"),
            (text, chosen) => $"{{\"markdown\":{Hostile.Quote("# " + text, 0)},\"kind\":\"{chosen}\"}}");
        return Gen.Select(
            Hostile.Body(kind, plausible, Hostile.Obj(("markdown", markdown), ("kind", markdownKind)), PreviewBodyLimit, "markdown"),
            Hostile.ContentType,
            Hostile.Chunked,
            (body, contentType, chunked) => new HostileRequest(
                "POST /api/manage/preview", "POST", "/api/manage/preview", body, contentType, chunked, AsModerator: true));
    }
}
