using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Testing;

namespace Hub.IntegrationTests.Reliability;

/// <summary>Sends each generated request and checks the answer; counts what was tried.</summary>
internal sealed class Run(HostileHub hub, HttpClient maintainer)
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
        hub.Answered.Add(hub.Clock.Elapsed);

        if (status == 503 && HostileScale.Factor > 1 && response.Headers.RetryAfter is not null)
        {
            // A long run may outpace the storage emulator: storage slow is the one 5xx allowed, with its Retry-After.
            tally.StorageBusy++;
            return;
        }

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

    /// <summary>503s with Retry-After, allowed only in a scaled run (<see cref="HostileScale"/>).</summary>
    public int StorageBusy { get; set; }

    public override string ToString()
        => $"{Sent} requests, {Accepted} accepted, {Refused} refused ({HostNotFound} the host's empty 404, {WebServerRefusals} Kestrel's empty 400 for a NUL in the path), {StorageBusy} storage-busy 503s, {ServerErrors} server errors";
}
