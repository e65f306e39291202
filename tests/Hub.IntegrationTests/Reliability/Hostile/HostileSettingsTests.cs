using System.Globalization;
using System.Net;
using System.Text;
using CsCheck;
using Xunit.Abstractions;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// Hostile input on the discussion rules, replaced (PUT) or changed in part (PATCH) by a
/// moderator (see <see cref="HostileInputGroup"/>). An accepted change of the rules would
/// change how the other routes answer, so each row puts back the rules it found.
/// </summary>
[Collection(HostileInputGroup.Name)]
public sealed class HostileSettingsTests(HostileHub hub, ITestOutputHelper output)
{
    private const long SettingsBodyLimit = 256 * 1024;

    public static TheoryData<string, BodyKind> Changes()
    {
        var rows = new TheoryData<string, BodyKind>();
        foreach (var method in new[] { "PATCH", "PUT" })
        {
            foreach (var body in Enum.GetValues<BodyKind>())
            {
                rows.Add(method, body);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Changing_the_discussion_rules_with_a_hostile_body(string method, BodyKind body)
    {
        var rules = await hub.ModeratorClient.GetStringAsync("/api/manage/settings");
        try
        {
            await HostileCase.CheckAsync(hub, output, ChangeSettings(method, body), HostileCase.Share(body, 150));
        }
        finally
        {
            using var restored = await hub.ModeratorClient.PutAsync("/api/manage/settings", new StringContent(rules, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        }
    }

    /// <summary>
    /// The discussion rules, replaced (PUT) or changed in part (PATCH): a plausible change, or the
    /// rules' object with members of any type, misspelled, unknown or given twice (a duplicate
    /// once answered 500 here).
    /// </summary>
    private static Gen<HostileRequest> ChangeSettings(string method, BodyKind kind)
    {
        var flag = Hostile.Mix((4, Gen.OneOf("true", "false")), (1, Hostile.AnyJson));
        var number = Hostile.Mix((4, Gen.Int[-1, 40_000].Select(n => n.ToString(CultureInfo.InvariantCulture))), (1, Hostile.Number), (1, Hostile.AnyJson));
        var words = Hostile.Mix((4, Hostile.Literal(Hostile.Multiline)), (1, Hostile.Literal(Hostile.Long(Hostile.PrintablePieces, 19_990, 20_010))), (1, Hostile.AnyJson));
        var notifyUrl = Hostile.Mix(
            (3, Gen.OneOf("\"\"", "\"https://hooks.example.org/x\"", "\"http://example.org/x\"", "\"http://127.0.0.1:1/x\"", "\"javascript:alert(1)\"", "\"https://\\u202eevil.example/\"")),
            (1, Hostile.Literal(Hostile.Text)),
            (1, Hostile.AnyJson));
        var format = Hostile.Mix((3, Gen.OneOf("\"json\"", "\"ntfy\"", "\"JSON\"", "\"\"", "\"xml\"")), (1, Hostile.AnyJson));
        var plausible = Gen.Select(Gen.OneOf("true", "false"), Gen.Int[0, 10], Gen.Int[0, 60], (hold, links, flood) =>
            $"{{\"holdAllComments\":{hold},\"approveKnownAuthors\":true,\"linkLimit\":{links},\"moderationWords\":\"\",\"disallowedWords\":\"\",\"requireNameAndEmail\":true,"
            + $"\"maxThreadDepth\":5,\"closeAfterDays\":0,\"floodIntervalSeconds\":{flood},\"maxCommentLength\":5000,\"notifyUrl\":\"\",\"notifyFormat\":\"json\",\"notifyDigestMinutes\":0}}");
        var shaped = Hostile.Obj(
            ("holdAllComments", flag), ("approveKnownAuthors", flag), ("linkLimit", number), ("moderationWords", words), ("disallowedWords", words),
            ("requireNameAndEmail", flag), ("maxThreadDepth", number), ("closeAfterDays", number), ("floodIntervalSeconds", number), ("maxCommentLength", number),
            ("notifyUrl", notifyUrl), ("notifyFormat", format), ("notifyDigestMinutes", number));
        return Gen.Select(
            Hostile.Body(kind, plausible, shaped, SettingsBodyLimit, "moderationWords"),
            Hostile.ContentType,
            Hostile.Chunked,
            (body, contentType, chunked) => new HostileRequest(
                $"{method} /api/manage/settings", method, "/api/manage/settings", body, contentType, chunked, AsModerator: true, Writes: true));
    }
}
