using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Hub.Testing;
using Xunit.Abstractions;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// Generated hostile input (CsCheck) on every public route and on the manage routes a signed-in
/// moderator uses: malformed and mistyped JSON, odd Unicode in every string, bodies over the
/// limits and cut short, bad cursors and limits, odd path segments, bad Content-Types. Whatever
/// arrives, the hub never answers 5xx; every 4xx is problem+json whose <c>status</c> is the HTTP
/// status (except the Functions host's own empty 404 for a path no function takes, and
/// Kestrel's own empty 400 for a path that decodes to a NUL, which no middleware ever sees); and
/// a refused request stores nothing (the moderation queues, the entry list and the audit log
/// read the same before and after it). A valid generated request may be accepted: each
/// anonymous request comes from a client address of its own, so the flood limit refuses only
/// what it should. One property per route, run one request at a time (threads: 1) so that
/// "before and after" means what it says; a failure names CsCheck's seed and the request.
/// </summary>
public sealed class HostileInputTests(HubServer hub, ITestOutputHelper output) : IClassFixture<HubServer>
{
    [Fact]
    public async Task Hostile_input_never_gets_a_server_error_and_a_refused_request_stores_nothing()
    {
        var clock = Stopwatch.StartNew();
        using var maintainer = hub.Maintainer();
        maintainer.Timeout = TimeSpan.FromSeconds(30);
        var world = await World.SeedAsync(hub, maintainer);
        var run = new Run(hub, maintainer);
        await run.StartAsync();

        var failures = new List<string>();
        foreach (var (gen, iterations) in Routes.All(world))
        {
            try
            {
                await Check.SampleAsync(gen, request => run.SendAndCheckAsync(request), iter: iterations, threads: 1, print: request => request.Describe());
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                failures.Add(failure.InnerException is { } reason ? $"{failure.Message}\n{reason.Message}" : failure.Message);
            }
        }

        foreach (var (route, tally) in run.Tallies)
        {
            output.WriteLine($"  {route}: {tally}");
        }

        output.WriteLine($"hostile inputs: {run.Requests} requests over {run.Tallies.Count} routes, {run.ServerErrors} server errors");
        output.WriteLine($"  in {clock.Elapsed.TotalSeconds:F1} s, seeding included");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}

/// <summary>One generated request: what is sent, exactly (the target already percent-encoded, the body as bytes).</summary>
internal sealed record HostileRequest(
    string Route,
    string Method,
    string Target,
    byte[]? Body = null,
    string? ContentType = null,
    bool Chunked = false,
    string? Authorization = null,
    string? IfMatch = null,
    bool AsModerator = false,
    bool Writes = false)
{
    private static readonly Uri Origin = new("http://hub.test/");

    public Uri Address(Uri baseAddress) => new(baseAddress, Target);

    /// <summary>The request as it goes on the wire, bytes outside printable ASCII as \xNN, so a failure can be replayed.</summary>
    public string Describe()
    {
        var text = new StringBuilder().Append(Method).Append(' ').Append(Shorten(Target));
        var sent = Address(Origin).PathAndQuery;
        if (sent != Target)
        {
            text.Append(" (sent as ").Append(Shorten(sent)).Append(')');
        }

        text.Append(AsModerator ? " as the moderator" : " anonymously");
        if (Authorization is not null)
        {
            text.Append(" | Authorization: ").Append(Authorization);
        }

        if (IfMatch is not null)
        {
            text.Append(" | If-Match: ").Append(IfMatch);
        }

        if (Body is not null)
        {
            text.Append(" | Content-Type: ").Append(ContentType ?? "(none)");
            text.Append(CultureInfo.InvariantCulture, $" | body of {Body.Length} bytes{(Chunked ? ", chunked" : "")}: ");
            if (Body.Length <= 600)
            {
                Escape(text, Body);
            }
            else
            {
                Escape(text, Body.AsSpan(0, 300));
                text.Append(CultureInfo.InvariantCulture, $"…({Body.Length - 400} bytes)…");
                Escape(text, Body.AsSpan(Body.Length - 100));
            }
        }

        return text.ToString();
    }

    public override string ToString() => Describe();

    private static string Shorten(string target)
        => target.Length <= 400 ? target : $"{target[..200]}…({target.Length - 300} characters)…{target[^100..]}";

    private static void Escape(StringBuilder text, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7f and not (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }
    }
}

/// <summary>What the seeding left in storage for the generators to aim at: real ids, etags and cursors.</summary>
internal sealed record World(
    string EntryId,
    string Category,
    string[] EntryIds,
    string[] CommentIds,
    string[] Etags,
    string ResourceCursor,
    string PublicCursor,
    string QueueCursor)
{
    public const string Target = "hostile-target";

    /// <summary>Ids a generated PUT may create or replace: few, so the entry list stays one page.</summary>
    public static readonly string[] PutIds = [Target, "hostile-a", "hostile-b"];

    public static async Task<World> SeedAsync(HubServer hub, HttpClient maintainer)
    {
        var category = Entries.NewCategory();
        await maintainer.PutOkAsync(Target, Entries.Draft(category, "The target of hostile input", "2024-05-01", "hostile"));
        await maintainer.PutOkAsync("hostile-older", Entries.Draft(category, "An older entry", "2020-01-01"));

        // Three comments: two approved (so the public list has a second page), one pending.
        using var reader = hub.Reader();
        var commentIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var receipt = await reader.PostCommentOkAsync(Target, Discussion.Comment($"Seed comment {i}."));
            commentIds.Add((string)receipt["id"]!);
        }

        var etags = new List<string>
        {
            (string)(await maintainer.ModerateAsync(Target, commentIds[0], "pending", "approved"))["etag"]!,
            (string)(await maintainer.ModerateAsync(Target, commentIds[1], "pending", "approved"))["etag"]!,
            (string)(await maintainer.FindInQueueAsync("pending", commentIds[2]))!["etag"]!,
        };

        return new World(
            Target,
            category,
            [Target, "hostile-older"],
            [.. commentIds],
            [.. etags],
            (string)(await reader.GetJsonAsync("/api/resources?limit=1"))["nextCursor"]!,
            (string)(await reader.GetJsonAsync($"/api/resources/{Target}/comments?limit=1"))["nextCursor"]!,
            (string)(await maintainer.GetJsonAsync("/api/manage/comments?status=approved&limit=1"))["nextCursor"]!);
    }
}

/// <summary>Sends each generated request and checks the answer; counts what was tried.</summary>
internal sealed class Run(HubServer hub, HttpClient maintainer)
{
    private string _stored = "";

    public SortedDictionary<string, Tally> Tallies { get; } = new(StringComparer.Ordinal);

    public int Requests => Tallies.Values.Sum(tally => tally.Sent);

    public int ServerErrors => Tallies.Values.Sum(tally => tally.ServerErrors);

    public async Task StartAsync()
    {
        _stored = await StoredAsync();
    }

    public async Task SendAndCheckAsync(HostileRequest hostile)
    {
        if (!Tallies.TryGetValue(hostile.Route, out var tally))
        {
            Tallies[hostile.Route] = tally = new Tally();
        }

        tally.Sent++;

        // Each anonymous request connects from an address of its own, so the flood limit lets a valid comment through.
        using var anonymous = hostile.AsModerator ? null : Clients.From(hub.BaseAddress, Clients.NewAddress());
        var client = anonymous ?? maintainer;
        if (anonymous is not null)
        {
            anonymous.Timeout = TimeSpan.FromSeconds(30);
        }

        using var request = Request(hostile, withBody: true);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException) when (HasNulInPath(request))
        {
            // Kestrel refuses the request line and closes the connection, which may cut the body
            // off while it is still being sent: the same request line without it must get that 400.
            using var bare = Request(hostile, withBody: false);
            using var refusal = await client.SendAsync(bare);
            Assert.True(
                (int)refusal.StatusCode == 400 && (await refusal.Content.ReadAsByteArrayAsync()).Length == 0 && IsWebServerRefusal(hostile, bare, refusal),
                $"the connection closed, and without its body the request gets {(int)refusal.StatusCode}");
            tally.Refused++;
            tally.WebServerRefusals++;
            return;
        }

        using var answer = response;
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(body);

        if (status >= 500)
        {
            tally.ServerErrors++;
            Assert.Fail($"server error {status}: {text}");
        }

        if (status < 400)
        {
            tally.Accepted++;
            if (hostile.Writes)
            {
                _stored = await StoredAsync();
            }

            return;
        }

        tally.Refused++;
        if (status == 404 && body.Length == 0)
        {
            // The Functions host's own answer to a path or method no function takes.
            tally.HostNotFound++;
        }
        else if (status == 400 && body.Length == 0 && IsWebServerRefusal(hostile, request, response))
        {
            tally.WebServerRefusals++;
        }
        else
        {
            Assert.True(
                response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                $"{status} with Content-Type {response.Content.Headers.ContentType}: {text}");
            JsonObject problem;
            try
            {
                problem = JsonNode.Parse(text)!.AsObject();
            }
            catch (Exception error) when (error is JsonException or InvalidOperationException or NullReferenceException)
            {
                throw new Xunit.Sdk.XunitException($"{status} problem is not a JSON object: {text}");
            }

            Assert.True(problem["status"] is JsonValue value && value.TryGetValue<int>(out var said) && said == status, $"{status} problem says status {problem["status"]}: {text}");
            Assert.False(string.IsNullOrEmpty((string?)problem["title"]), $"{status} problem without a title: {text}");
        }

        if (hostile.Writes)
        {
            var before = _stored;
            _stored = await StoredAsync();
            Assert.True(before == _stored, $"refused with {status} ({text}) but storage changed:\nbefore: {before}\nafter: {_stored}");
        }
    }

    /// <summary>
    /// Kestrel's own empty 400 for a request target whose path decodes to a NUL (%00): it refuses
    /// the request line before any middleware runs (so none of host.json's headers either), as the
    /// Functions host, itself Kestrel, does in Azure. Nothing of the hub is involved.
    /// </summary>
    private static bool IsWebServerRefusal(HostileRequest hostile, HttpRequestMessage request, HttpResponseMessage response)
        => HasNulInPath(request)
           && !response.Headers.Contains("X-Frame-Options")
           && hostile.Target.StartsWith("/api/", StringComparison.Ordinal);

    private static bool HasNulInPath(HttpRequestMessage request) => request.RequestUri!.AbsolutePath.Contains("%00", StringComparison.OrdinalIgnoreCase);

    private HttpRequestMessage Request(HostileRequest hostile, bool withBody)
    {
        var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Address(hub.BaseAddress));
        if (withBody && hostile.Body is not null)
        {
            request.Content = hostile.Chunked ? new ChunkedContent(hostile.Body) : new ByteArrayContent(hostile.Body);
            if (hostile.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            }
        }

        if (hostile.Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", hostile.Authorization);
        }

        if (hostile.IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", hostile.IfMatch);
        }

        return request;
    }

    /// <summary>What a write could change, read through the API: the queue sizes, every entry, the newest audit event, the rules.</summary>
    private async Task<string> StoredAsync()
    {
        var parts = await Task.WhenAll(
            maintainer.GetStringAsync("/api/manage/comments/counts"),
            maintainer.GetStringAsync("/api/resources?limit=100"),
            maintainer.GetStringAsync("/api/manage/audit?limit=1"),
            maintainer.GetStringAsync("/api/manage/settings"));
        return string.Join('\n', parts);
    }

    /// <summary>A body sent without Content-Length, so the hub must stop reading it at its limit.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

internal sealed class Tally
{
    public int Sent { get; set; }

    public int Accepted { get; set; }

    public int Refused { get; set; }

    public int HostNotFound { get; set; }

    public int WebServerRefusals { get; set; }

    public int ServerErrors { get; set; }

    public override string ToString()
        => $"{Sent} requests, {Accepted} accepted, {Refused} refused ({HostNotFound} the host's empty 404, {WebServerRefusals} Kestrel's empty 400 for a NUL in the path), {ServerErrors} server errors";
}

/// <summary>A generator of hostile requests for each route, and how many to send.</summary>
internal static class Routes
{
    private const long CommentBodyLimit = 256 * 1024;
    private const long BodyLimit = 64 * 1024;
    private const long SettingsBodyLimit = 256 * 1024;
    private const long PreviewBodyLimit = 256 * 1024;

    public static IEnumerable<(Gen<HostileRequest> Gen, int Iterations)> All(World world)
    {
        // Anonymous.
        yield return (ListResources(world), 250);
        yield return (GetResource(world), 150);
        yield return (ListComments(world), 200);
        yield return (PostComment(world), 400);
        yield return (WithdrawComment(world), 150);
        yield return (Health(), 80);

        // A signed-in moderator.
        yield return (PutResource(), 300);
        yield return (ChangeCommentStatus(world), 200);
        yield return (BulkChangeCommentStatus(world), 200);
        yield return (ListModerationQueue(world), 200);
        yield return (PreviewMarkdown(), 150);

        // Last, since an accepted change of the rules would change how the routes above answer.
        yield return (ChangeSettings("PATCH"), 150);
        yield return (ChangeSettings("PUT"), 150);
    }

    private static Gen<HostileRequest> ListResources(World world)
        => Query(
                ("category", Label(world)),
                ("tag", Label(world)),
                ("q", Hostile.UrlText(Hostile.Text)),
                ("limit", Hostile.Limit),
                ("cursor", Hostile.CursorOf(world.ResourceCursor, ResourcePositions(world))))
            .Select(query => new HostileRequest("GET /api/resources", "GET", "/api/resources" + query));

    private static Gen<HostileRequest> GetResource(World world)
        => Gen.Select(
            EntrySegment(world),
            Hostile.Mix((8, Gen.Const("")), (1, Query(("limit", Hostile.Limit), ("x", Hostile.UrlText(Hostile.Text))))),
            (id, query) => new HostileRequest("GET /api/resources/{id}", "GET", $"/api/resources/{id}{query}"));

    private static Gen<HostileRequest> ListComments(World world)
        => Gen.Select(
            EntrySegment(world),
            Query(("limit", Hostile.Limit), ("cursor", Hostile.CursorOf(world.PublicCursor, PublicPositions(world)))),
            (id, query) => new HostileRequest("GET /api/resources/{id}/comments", "GET", $"/api/resources/{id}/comments{query}"));

    private static Gen<HostileRequest> PostComment(World world)
        => Gen.Select(
            EntrySegment(world),
            Hostile.Body(PlausibleComment(), CommentObject(world), CommentBodyLimit, "content"),
            Hostile.ContentType,
            Hostile.Chunked,
            (id, body, contentType, chunked) => new HostileRequest(
                "POST /api/resources/{id}/comments", "POST", $"/api/resources/{id}/comments", body, contentType, chunked, Writes: true));

    private static Gen<HostileRequest> WithdrawComment(World world)
        => Gen.Select(
            EntrySegment(world),
            CommentSegment(world),
            Hostile.Mix(
                (1, Gen.Const((string?)null)),
                (4, Hostile.AsciiText.Select(token => (string?)("Withdraw " + token))),
                (2, Gen.Byte.Array[32].Select(bytes => (string?)("Withdraw " + Base64Url.EncodeToString(bytes)))),
                (2, Gen.OneOf<string?>("Withdraw", "Withdraw ", "Withdraw  ", "withdraw x", "WITHDRAW x", "Withdrawx", "Bearer x", "Moderator x", "Basic eDp4", "Withdraw \"\"", "Withdraw *"))),
            (id, commentId, authorization) => new HostileRequest(
                "DELETE /api/resources/{id}/comments/{commentId}", "DELETE", $"/api/resources/{id}/comments/{commentId}", Authorization: authorization, Writes: true));

    private static Gen<HostileRequest> Health()
        => Gen.Select(
            Hostile.Mix((8, Gen.Const("GET")), (1, Gen.OneOf("POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"))),
            Hostile.Mix((8, Gen.Const("/api/health")), (1, Gen.OneOf("/api/health/", "/api/HEALTH", "/api/health%20", "/api/health/x", "/api//health", "/api/health;x", "/api/%68ealth"))),
            Query(("x", Hostile.UrlText(Hostile.Text)), ("limit", Hostile.Limit)),
            (method, path, query) => new HostileRequest("GET /api/health", method, path + query));

    private static Gen<HostileRequest> PutResource()
        => Gen.Select(
            Hostile.Mix((5, Gen.OneOf(World.PutIds)), (2, NearlyValid(Gen.OneOf(World.PutIds))), (4, Segment(Gen.OneOf(World.PutIds)))),
            Hostile.Body(PlausibleDraft(), DraftObject(), BodyLimit, "summary"),
            Hostile.ContentType,
            Hostile.Chunked,
            Hostile.Mix(
                (8, Gen.Const((string?)null)),
                (1, Gen.OneOf<string?>("*", "\"\"", "W/\"x\"", "\"*\"", "*, *", "W/\"datetime'2024-01-01T00%3A00%3A00Z'\"")),
                (1, Hostile.AsciiText.Select(text => (string?)text))),
            (id, body, contentType, chunked, ifMatch) => new HostileRequest(
                "PUT /api/manage/resources/{id}", "PUT", $"/api/manage/resources/{id}", body, contentType, chunked, IfMatch: ifMatch, AsModerator: true, Writes: true));

    private static Gen<HostileRequest> ChangeCommentStatus(World world)
        => Gen.Select(
            EntrySegment(world),
            CommentSegment(world),
            Hostile.Body(ValidStatus().Select(status => $"{{\"status\":{status}}}"), Hostile.Obj(("status", Status())), BodyLimit, "status"),
            Hostile.ContentType,
            Hostile.Chunked,
            Hostile.Mix(
                (2, Gen.Const((string?)null)),
                (2, Gen.Const<string?>("*")),
                (2, Gen.OneOf(world.Etags).Select(etag => (string?)etag)),
                (2, Hostile.AsciiText.Select(text => (string?)text))),
            (entryId, commentId, body, contentType, chunked, ifMatch) => new HostileRequest(
                "PATCH /api/manage/comments/{entryId}/{commentId}", "PATCH", $"/api/manage/comments/{entryId}/{commentId}", body, contentType, chunked, IfMatch: ifMatch, AsModerator: true, Writes: true));

    private static Gen<HostileRequest> BulkChangeCommentStatus(World world)
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

    /// <summary>
    /// The discussion rules, replaced (PUT) or changed in part (PATCH): a plausible change, or the
    /// rules' object with members of any type, misspelled, unknown or given twice (a duplicate
    /// once answered 500 here).
    /// </summary>
    private static Gen<HostileRequest> ChangeSettings(string method)
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
            Hostile.Body(plausible, shaped, SettingsBodyLimit, "moderationWords"),
            Hostile.ContentType,
            Hostile.Chunked,
            (body, contentType, chunked) => new HostileRequest(
                $"{method} /api/manage/settings", method, "/api/manage/settings", body, contentType, chunked, AsModerator: true, Writes: true));
    }

    /// <summary>
    /// The console's Markdown preview: odd text, long text, and Markdown nested past the
    /// renderer's depth limit (Markdig throws there), as either kind or another; it writes nothing.
    /// </summary>
    private static Gen<HostileRequest> PreviewMarkdown()
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
        var kind = Hostile.Mix(
            (4, Gen.OneOf("", "\"entry\"", "\"comment\"")),
            (1, Gen.OneOf("\"Entry\"", "\"page\"", "null", "\"\"")),
            (1, Hostile.Literal(Hostile.Text)),
            (1, Hostile.AnyJson));
        var plausible = Gen.Select(
            Hostile.StorableLines,
            Gen.OneOf("entry", "comment"),
            (text, chosen) => $"{{\"markdown\":{Hostile.Quote("# " + text, 0)},\"kind\":\"{chosen}\"}}");
        return Gen.Select(
            Hostile.Body(plausible, Hostile.Obj(("markdown", markdown), ("kind", kind)), PreviewBodyLimit, "markdown"),
            Hostile.ContentType,
            Hostile.Chunked,
            (body, contentType, chunked) => new HostileRequest(
                "POST /api/manage/preview", "POST", "/api/manage/preview", body, contentType, chunked, AsModerator: true));
    }

    private static Gen<string> ValidStatus() => Gen.OneOf("\"pending\"", "\"approved\"", "\"spam\"", "\"trash\"");

    private static Gen<string> Status()
        => Hostile.Mix(
            (4, ValidStatus()),
            (1, Gen.OneOf("\"PENDING\"", "\"\"", "\"deleted\"", "\"approved \"", "\"appr\\u006fved\"", "0", "3", "4", "-1", "1e309", "null", "true", "[\"approved\"]")),
            (3, Hostile.Literal(Hostile.Text)),
            (1, Hostile.AnyJson));

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

    private static Gen<string> DraftObject()
        => Hostile.Obj(
            ("id", Hostile.Mix((6, Gen.Const("")), (1, Gen.OneOf(World.PutIds).Select(id => Hostile.Quote(id, 0))), (1, Hostile.Literal(Hostile.Text)))),
            ("title", Hostile.Mix((6, Hostile.Literal(Hostile.Printable)), (1, Hostile.Literal(Hostile.Long(Hostile.PrintablePieces, 195, 205))), (2, Hostile.Literal(Hostile.Text)), (1, Hostile.AnyJson))),
            ("summary", Hostile.Mix((6, Hostile.Literal(Hostile.Multiline)), (1, Hostile.Literal(Hostile.Long(Hostile.PrintablePieces, 1995, 2005))), (2, Hostile.Literal(Hostile.Text)), (1, Hostile.AnyJson))),
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

    /// <summary>A query string from the given parameters: each left out, given once, twice, empty or bare.</summary>
    private static Gen<string> Query(params (string Name, Gen<string> Value)[] parameters)
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

    private static Gen<string> Label(World world)
        => Hostile.Mix(
            (4, Gen.OneOf(world.Category, "hostile")),
            (1, Gen.OneOf("a-b", "A", "a--b", "-a", "a-", "a%0A", "hostile%0A", "hostile%00", new string('a', 41), "%E2%80%8Bhostile", "hostile%E2%80%AE")),
            (3, Hostile.UrlText(Hostile.Text)));

    /// <summary>An entry id path segment: mostly a real id (so the rest of the request is looked at), else anything.</summary>
    private static Gen<string> EntrySegment(World world)
        => Hostile.Mix((6, Gen.Const(world.EntryId)), (1, Gen.OneOf(world.EntryIds)), (1, NearlyValid(Gen.OneOf(world.EntryIds))), (4, Segment(Gen.OneOf(world.EntryIds))));

    /// <summary>A valid id with one character more around it: a line break, a space, a tab, a zero-width or no-break space.</summary>
    private static Gen<string> NearlyValid(Gen<string> real)
        => Gen.Select(real, Gen.OneOf("%0A", "%0D%0A", "%0D", "%20", "%09", "%0B", "%0C", "%E2%80%8B", "%C2%A0", "%E2%80%A8"), Gen.Bool, (id, extra, after) => after ? id + extra : extra + id);

    private static Gen<string> CommentSegment(World world)
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
    private static Gen<string> Segment(Gen<string> real)
        => SegmentOf(real).Select(segment => segment.Length > 800 ? segment[..800] : segment);

    private static Gen<string> SegmentOf(Gen<string> real)
        => Hostile.Mix(
            (4, Hostile.UrlText(Hostile.Text)),
            (1, Gen.Select(real, Hostile.UrlText(Hostile.Text), (id, suffix) => id + suffix)),
            (1, real.Select(id => id + "%0A")),
            (1, real.Select(id => id.ToUpperInvariant())),
            (2, Gen.OneOf(
                "", "A", "-a", "a-", "a--b", new string('a', 80), new string('a', 81), new string('a', 2000), "%2F", "a%2Fb", "..", "%2E%2E", ".", "a%0A",
                "%00", "a%00", "a%20", "a+b", "%", "%zz", "%C0%AF", "%ED%A0%80", "%ED%B0%80", "%F0%9F%98%80", "%E2%80%AE", "%E2%80%8B", "%EF%BB%BFa", "a;b",
                "a%3Bb", "~", "%7E", "%5C", "a%5Cb", "%25", "%2525", "%23", "%3F", "%09", "%0D%0A")));

    private static Gen<string> ResourcePositions(World world)
        => Hostile.Mix(
            (3, Gen.Select(Hostile.Long(Hostile.Pieces, 8, 8), Hostile.Mix((2, Gen.OneOf(world.EntryIds)), (1, Hostile.Text), (1, Gen.Const(world.EntryId + "\n"))), (date, id) => $"bydate|{date}|{id}")),
            (1, Gen.OneOf("bydate|", "bydate|99999999|", "bydate}", "entry|" + world.EntryId, "bydate|79759498|" + world.EntryId + "\n", "bydate|7975949'|" + world.EntryId)),
            (1, Hostile.Text));

    private static Gen<string> PublicPositions(World world)
        => Hostile.Mix(
            (2, Gen.OneOf(world.CommentIds).Select(id => "p|" + id)),
            (2, Hostile.Long(Hostile.Pieces, 25, 25).Select(id => "p|" + id)),
            (1, Gen.OneOf(world.CommentIds).SelectMany(id => Gen.OneOf("p|" + id + "\n", "c|" + id, "p|", "p}", "count"))),
            (1, Hostile.Text));

    private static Gen<string> QueuePositions(World world)
        => Hostile.Mix(
            (4, Gen.Select(
                Hostile.Long(Hostile.Pieces, 19, 19),
                Hostile.Mix((1, Gen.Const(world.EntryId)), (3, Hostile.Text)),
                Hostile.Mix((3, Gen.OneOf(world.CommentIds)), (1, Gen.Const("0639000000000000000abcdef"))),
                (time, entry, comment) => $"{time}|{entry}|{comment}")),
            (1, Hostile.Text));
}

/// <summary>The building blocks of hostile input.</summary>
internal static class Hostile
{
    /// <summary>Pieces of text that have broken software before: control characters, bidi overrides, zero-width and 4-byte characters, lone surrogates, quoting and injection.</summary>
    public static readonly string[] Pieces =
    [
        "\0", "\u0001", "\u0008", "\u001b", "\u007f", "\u0085", "\u009f",
        "\u00a0", "\u2028", "\u2029", "\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200d", "\u2060", "\ufeff",
        "\ufffd", "\uffff", "\ufffe", "\ufdd0",
        "\ud83d\ude00", "\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67", "\udbff\udfff", "\ud835\udd18",
        "\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800",
        "e\u0301", "\u0130", "\u0131", "\u00df", "\u03a9", "\u4e2d\u6587", "\u05e2\u05d1\u05e8\u05d9\u05ea", "\u0645\u0631\u062d\u0628\u0627",
        "'", "\"", "\\", "|", "/", "#", "?", "%", "%00", "%2F", "&", "=", "+", ";", ",", ":", "@", "*", "~", "`", "}", "{",
        "<script>alert(1)</script>", "' or '1'='1", "PartitionKey eq 'x'", "${jndi:ldap://x}", "{{7*7}}", "../", "..\\",
        "\n", "\r\n", "\t", "\v", " ", "  ",
        "a", "Ada", "entry", "0", "-1", "1e309", "null", "true", "[]", "{}", "-",
    ];

    /// <summary>The pieces without control characters: text that passes the hub's field rules, odd as it is.</summary>
    public static readonly string[] PrintablePieces = [.. Pieces.Where(piece => !piece.Any(char.IsControl))];

    public static readonly string[] LinePieces = [.. PrintablePieces, "\n", "\r\n", "\t"];

    /// <summary>The printable pieces without lone surrogates: odd text that valid JSON can carry.</summary>
    public static readonly string[] StorablePieces = [.. PrintablePieces.Where(piece => !HasLoneSurrogate(piece))];

    public static readonly string[] StorableLinePieces = [.. StorablePieces, "\n", "\r\n", "\t"];

    /// <summary>Escapes written raw in a URL: invalid, overlong, truncated or surrogate UTF-8, NUL, separators.</summary>
    private static readonly string[] RawEscapes =
    [
        "%", "%z", "%zz", "%E2%80", "%ED%A0%80", "%ED%B0%80", "%C0%AF", "%C0%80", "%FF", "%FE%FF", "%00", "%0A", "%0D%0A", "%09", "+", "%2B", "%20",
        "%26", "%3D", "%23", "%3F", "%2F", "%5C", "%25", "%252F", "%E2%80%AE", "%E2%80%8B", "%EF%BB%BF", "%F0%9F%98%80", "%F4%90%80%80", "%EF%BF%BF",
    ];

    public static readonly Gen<string> Text = Mix((8, TextOf(Pieces)), (1, Long(Pieces, 40, 3000)));

    public static readonly Gen<string> Printable = Mix((8, TextOf(PrintablePieces)), (1, Long(PrintablePieces, 40, 600)));

    public static readonly Gen<string> Multiline = Mix((8, TextOf(LinePieces)), (1, Long(LinePieces, 40, 1500)));

    /// <summary>Text a valid request may carry: mostly without lone surrogates (which no JSON reader here accepts), sometimes with.</summary>
    public static readonly Gen<string> Storable = Mix((6, TextOf(StorablePieces)), (1, Long(StorablePieces, 40, 600)), (2, Printable));

    public static readonly Gen<string> StorableLines = Mix((6, TextOf(StorableLinePieces)), (1, Long(StorableLinePieces, 40, 1500)), (2, Multiline));

    /// <summary>Printable ASCII only: what an HTTP header can carry.</summary>
    public static readonly Gen<string> AsciiText = Gen.Char[' ', '~'].Array[0, 60].Select(chars => new string(chars));

    /// <summary>How a JSON string is written: 0 every non-ASCII character escaped (lone surrogates as \ud800), 1 raw (lone surrogates as their raw bytes), 2 even control characters raw.</summary>
    public static readonly Gen<int> QuoteMode = Mix((6, Gen.Const(0)), (3, Gen.Const(1)), (1, Gen.Const(2)));

    public static readonly Gen<string> Number = Gen.OneOf(
        "0", "-0", "1", "-1", "1.5", "1e309", "-1e309", "123456789012345678901234567890", "1E+2", "0.0000001", "9223372036854775808", "2147483648",
        "NaN", "Infinity", "01", "+1", ".5", "1.", "0x10", "1_000");

    public static readonly Gen<string> Scalar = Mix((4, Literal(Text)), (2, Number), (1, Gen.OneOf("true", "false", "null")));

    /// <summary>Any JSON value, two levels deep: wrong types wherever it stands.</summary>
    public static readonly Gen<string> AnyJson = Value(2);

    /// <summary>Nesting far past the reader's limit of 64, closed or not.</summary>
    public static readonly Gen<string> Deep = Gen.Select(Gen.Int[2, 5000], Gen.Int[0, 3], (depth, kind) => kind switch
    {
        0 => new string('[', depth) + new string(']', depth),
        1 => string.Concat(Enumerable.Repeat("{\"content\":", depth)) + "1" + new string('}', depth),
        2 => new string('[', depth),
        _ => string.Concat(Enumerable.Repeat("{\"a\":[", depth)),
    });

    public static readonly Gen<string?> ContentType = Mix(
        (8, Gen.Const<string?>("application/json")),
        (1, Gen.Const<string?>("application/json; charset=utf-8")),
        (3, Gen.OneOf<string?>(
            null, "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/problem+json",
            "application/vnd.hostile+json", "application/json; charset=utf-16", "application/json; charset=\"", "application/json;;", "APPLICATION/JSON",
            "json", "application/", "/", "*/*", "application/*", "text/json", "application/json, text/plain", "application/jsonx", "application/json\tx")),
        (1, AsciiText.Select(text => (string?)text)));

    public static readonly Gen<bool> Chunked = Mix((4, Gen.Const(false)), (1, Gen.Const(true)));

    public static readonly Gen<string> Limit = Mix(
        (3, Gen.Int[1, 100].Select(number => number.ToString(CultureInfo.InvariantCulture))),
        (4, Gen.OneOf(
            "0", "1", "2", "50", "99", "100", "101", "-1", "-0", "+1", "%2B1", "%201", "1%20", "1.0", "1e2", "1E2", "0x10", "00001", "99999999999",
            "2147483647", "2147483648", "-2147483648", "4294967296", "", "abc", "%D9%A3", "%EF%BC%91", "1%00", "NaN", "Infinity", "null", "1,5", "1_0",
            "%E2%80%AE1", "%E2%80%8B1")),
        (1, Gen.Int.Select(number => number.ToString(CultureInfo.InvariantCulture))),
        (1, UrlText(Text)));

    private static bool HasLoneSurrogate(string text)
        => text.Where((c, i) => char.IsHighSurrogate(c) ? i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]) : char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1]))).Any();

    public static Gen<T> Mix<T>(params (int Weight, Gen<T> Gen)[] choices)
        => Gen.Frequency([.. choices.Select(choice => (choice.Weight, (IGen<T>)choice.Gen))]);

    /// <summary>One value from each generator, in order.</summary>
    public static Gen<string[]> Sequence(IEnumerable<Gen<string>> gens)
        => gens.Aggregate(Gen.Const(Array.Empty<string>()), (all, next) => Gen.Select(all, next, (items, item) => (string[])[.. items, item]));

    public static Gen<string> TextOf(string[] pieces) => Gen.OneOf(pieces).Array[0, 8].Select(parts => string.Concat(parts));

    /// <summary>Exactly so many UTF-16 units of one piece repeated (cut anywhere, even inside a surrogate pair).</summary>
    public static Gen<string> Long(string[] pieces, int minLength, int maxLength)
        => Gen.Select(Gen.OneOf(pieces), Gen.Int[minLength, maxLength], (piece, length) =>
        {
            var text = new StringBuilder(length + piece.Length);
            while (text.Length < length)
            {
                text.Append(piece);
            }

            return text.ToString(0, length);
        });

    /// <summary>A JSON string literal, written in one of the <see cref="QuoteMode"/>s.</summary>
    public static Gen<string> Literal(Gen<string> text) => Gen.Select(text, QuoteMode, Quote);

    public static string Quote(string text, int mode)
    {
        var json = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                json.Append('\\').Append(c);
            }
            else if (mode == 0 ? c is < ' ' or > '~' : mode == 1 && c < ' ')
            {
                json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                json.Append(c);
            }
        }

        return json.Append('"').ToString();
    }

    private static Gen<string> Value(int depth)
        => depth == 0
            ? Scalar
            : Mix(
                (5, Scalar),
                (1, Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(',', items) + "]")),
                (1, Gen.Select(Literal(Text), Value(depth - 1), (key, value) => key + ":" + value).Array[0, 4].Select(members => "{" + string.Join(',', members) + "}")));

    /// <summary>
    /// A JSON object with these members (a value of "" leaves the member out), each key sometimes
    /// escaped or in capitals, sometimes given twice or with an unknown member beside it.
    /// </summary>
    public static Gen<string> Obj(params (string Key, Gen<string> Value)[] members)
    {
        var written = members.Select(member => Gen.Select(
            member.Value,
            Mix((8, Gen.Const(0)), (1, Gen.Const(1)), (1, Gen.Const(2))),
            (value, keyStyle) => value.Length == 0
                ? ""
                : keyStyle switch
                {
                    0 => $"\"{member.Key}\":{value}",
                    1 => $"\"\\u{(int)member.Key[0]:x4}{member.Key[1..]}\":{value}",
                    _ => $"\"{member.Key.ToUpperInvariant()}\":{value}",
                }));
        var again = Gen.Select(Gen.OneOf([.. members.Select(member => member.Key)]), AnyJson, (key, value) => $"\"{key}\":{value}");
        var extra = Mix((6, Gen.Const("")), (1, again), (1, Gen.Select(Literal(Text), AnyJson, (key, value) => key + ":" + value)));
        return Gen.Select(extra, Sequence(written), extra, (first, all, last) => "{" + string.Join(',', new[] { first }.Concat(all).Append(last).Where(item => item.Length > 0)) + "}");
    }

    /// <summary>
    /// A body: a plausible one the hub may accept; the route's object with members of any type,
    /// sometimes broken (cut short at any byte, a second document, a BOM, single quotes, a
    /// comment, wrapped in an array); any other JSON; deep nesting; random bytes; nearly nothing;
    /// or a body just under, at and past the size limit.
    /// </summary>
    public static Gen<byte[]> Body(Gen<string> plausible, Gen<string> shaped, long maxBytes, string bigMember)
    {
        var broken = Mix(
            (12, shaped),
            (1, shaped.Select(json => json + ",")),
            (1, shaped.Select(json => json + json)),
            (1, shaped.Select(json => "\ufeff" + json)),
            (1, shaped.Select(json => json.Replace('"', '\''))),
            (1, shaped.Select(json => "/* hostile */" + json)),
            (1, shaped.Select(json => "[" + json + "]")));
        var maybeCut = Gen.Select(broken, Gen.Int[0, 7], Gen.Int[0, 1000], (json, cut, at) =>
        {
            var bytes = Wtf8(json);
            return cut == 0 ? bytes[..(int)((long)bytes.Length * at / 1000)] : bytes;
        });
        return Mix(
            (12, plausible.Select(Wtf8)),
            (12, maybeCut),
            (2, AnyJson.Select(Wtf8)),
            (1, Deep.Select(Wtf8)),
            (1, Gen.Byte.Array[0, 300]),
            (1, Gen.OneOf("", " ", "null", "{}", "[]", "\"\"", "{", "}", "{\"", "nul", "true", "0").Select(Wtf8)),
            (2, Huge(maxBytes, bigMember)));
    }

    /// <summary>A body of one member whose string fills it to just under, at, or well past the limit.</summary>
    private static Gen<byte[]> Huge(long maxBytes, string member)
        => Gen.Select(Gen.Int[-2, 4], Gen.Int[2, 200_000], Gen.OneOf("a", "\u00e9", "\ud83d\ude00", "\\u0000", "\\ud800", "\u202e"), (edge, over, piece) =>
        {
            var length = (int)(edge <= 1 ? maxBytes + edge : maxBytes + over);
            var prefix = Wtf8($"{{\"{member}\":\"");
            var body = new byte[length];
            prefix.CopyTo(body, 0);
            var pieceBytes = Wtf8(piece);
            var at = prefix.Length;
            while (at + pieceBytes.Length <= length - 2)
            {
                pieceBytes.CopyTo(body, at);
                at += pieceBytes.Length;
            }

            body.AsSpan(at, length - 2 - at).Fill((byte)'a');
            body[^2] = (byte)'"';
            body[^1] = (byte)'}';
            return body;
        });

    /// <summary>A cursor: the real one, altered, a near-valid position with hostile parts, random bytes, or anything; URL-encoded.</summary>
    public static Gen<string> CursorOf(string real, Gen<string> positions)
        => Mix(
            (2, Gen.Const(real)),
            (2, Gen.Select(Gen.Int[0, 6], Gen.Int[0, real.Length - 1], Gen.Char['!', '~'], (kind, at, c) => Encode(kind switch
            {
                0 => real[..at],
                1 => real[..at] + c + real[(at + 1)..],
                2 => real[..at] + c + real[at..],
                3 => real + "=",
                4 => real + "==",
                5 => real.Replace('-', '+').Replace('_', '/'),
                _ => real + real,
            }))),
            (4, positions.Select(position => Encode(Base64Url.EncodeToString(Wtf8(position))))),
            (1, Gen.Byte.Array[0, 64].Select(bytes => Base64Url.EncodeToString(bytes))),
            (1, Gen.Int[1020, 1100].Select(length => new string('A', length))),
            (2, UrlText(Text)));

    /// <summary>Text percent-encoded as UTF-8 (lone surrogates as their raw bytes), sometimes with raw escapes of its own.</summary>
    public static Gen<string> UrlText(Gen<string> text)
        => Mix(
            (6, text.Select(Encode)),
            (1, Gen.OneOf(RawEscapes)),
            (1, Gen.Select(text, Gen.OneOf(RawEscapes), (value, raw) => Encode(value) + raw)));

    public static string Encode(string text)
    {
        var encoded = new StringBuilder();
        foreach (var b in Wtf8(text))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return encoded.ToString();
    }

    /// <summary>UTF-8, except that a lone surrogate is written as its own three bytes (WTF-8): bytes no UTF-8 reader should accept.</summary>
    public static byte[] Wtf8(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            int code = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                code = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            if (code < 0x80)
            {
                bytes.Add((byte)code);
            }
            else if (code < 0x800)
            {
                bytes.Add((byte)(0xC0 | (code >> 6)));
                bytes.Add((byte)(0x80 | (code & 0x3F)));
            }
            else if (code < 0x10000)
            {
                bytes.Add((byte)(0xE0 | (code >> 12)));
                bytes.Add((byte)(0x80 | ((code >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (code & 0x3F)));
            }
            else
            {
                bytes.Add((byte)(0xF0 | (code >> 18)));
                bytes.Add((byte)(0x80 | ((code >> 12) & 0x3F)));
                bytes.Add((byte)(0x80 | ((code >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (code & 0x3F)));
            }
        }

        return [.. bytes];
    }
}
