using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Hub.Functions.Http;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.IntegrationTests.Hosting;

/// <summary>The local host with what it logs kept, as the host's console would show it.</summary>
public sealed class LoggedHubServer : HubServer
{
    public CapturedLogs Logs { get; } = new();

    /// <summary>The body readers' Information lines too (the tests' default is Warning).</summary>
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"Logging:LogLevel:{ExceptionProblems.BodyLogCategory}"] = "Information",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}

/// <summary>
/// Request bodies the Functions host cannot read, answered as Azure answers them (see TriggerBody
/// and WorkerForwarding in the local host): over HTTP, from a raw socket, since a well-behaved
/// client cannot send a body shorter than its Content-Length or stop a chunked one midway.
/// </summary>
public sealed class RequestBodyTests(LoggedHubServer hub) : IClassFixture<LoggedHubServer>
{
    private readonly HttpClient _maintainer = hub.Maintainer();

    /// <summary>
    /// Kestrel refuses a declared length over the host's limit at the first read, before a byte of
    /// the body; the binding fails, and the host's ExceptionMiddleware answers 500 for it, not
    /// Kestrel's 413 (azure-functions-host issue 10519), and closes the connection. The function
    /// never runs: without a moderator's credential it would have answered 401.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_declared_length_over_the_hosts_limit_gets_its_empty_500_at_once_and_runs_no_function(bool signedIn)
    {
        var before = await _maintainer.GetStringAsync("/api/manage/settings");
        var credential = signedIn ? $"Authorization: Moderator {hub.ModeratorSecret}\r\n" : "";

        var (status, headers, body) = await SendAsync(
            $"PUT /api/manage/settings HTTP/1.1\r\nHost: {hub.BaseAddress.Authority}\r\n{credential}Content-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{{\"a\":\"aaaa\"}}");

        Assert.Equal("HTTP/1.1 500 Internal Server Error", status);
        Assert.Contains("Content-Length: 0", headers, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Connection: close", headers, StringComparer.OrdinalIgnoreCase);
        Assert.Empty(body);
        Assert.Equal(before, await _maintainer.GetStringAsync("/api/manage/settings"));
    }

    /// <summary>
    /// A phone that loses its network mid-upload, with a chunked body: the host streams it on to
    /// the worker, whose deadline fires while the body is still being read. The worker answers 408
    /// and logs the client's slow network, never "storage did not answer"; the host, which never got
    /// the whole body to forward, answers its own empty 500 and logs the failed invocation.
    /// </summary>
    [Fact]
    public async Task A_chunked_body_that_stops_is_logged_as_the_clients_network_not_a_storage_failure()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var logged = hub.Logs.Lines.Count;

        var (status, headers, body) = await SendAsync(
            $"POST /api/resources/{entry}/comments HTTP/1.1\r\nHost: {hub.BaseAddress.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{{\"a\":\r\n");

        Assert.Equal("HTTP/1.1 500 Internal Server Error", status);
        Assert.Contains("Content-Length: 0", headers, StringComparer.OrdinalIgnoreCase);
        Assert.Empty(body);
        var lines = hub.Logs.Lines.Skip(logged).ToList();
        Assert.DoesNotContain(lines, line => line.Text.Contains("Storage", StringComparison.Ordinal));
        var client = Assert.Single(lines, line => line.Category == ExceptionProblems.BodyLogCategory);
        Assert.Equal(LogLevel.Information, client.Level);
        Assert.Contains("answered 408", client.Text, StringComparison.Ordinal);
        Assert.Contains(lines, line => line.Level == LogLevel.Error && line.Text.Contains("Failed to proxy request", StringComparison.Ordinal));
        Assert.Empty((await _maintainer.GetJsonAsync("/api/manage/comments?status=pending"))["items"]!.AsArray());
    }

    /// <summary>
    /// A chunked body that keeps arriving, too slowly to be whole within the request's 5 s, but
    /// fast enough for Kestrel's minimum rate: the worker's deadline fires while it reads, and its
    /// 408 reaches the client once the body has ended (the host sends the whole body before it
    /// reads the answer). Nothing is stored, and nothing is logged as a storage failure.
    /// </summary>
    [Fact]
    public async Task A_chunked_body_still_arriving_at_the_deadline_gets_the_workers_408_problem()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var logged = hub.Logs.Lines.Count;
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"POST /api/resources/{entry}/comments HTTP/1.1\r\nHost: {hub.BaseAddress.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"));

        // JSON may begin with any amount of whitespace: 400 bytes every 100 ms (4 KB/s) for 7 s.
        var spaces = new string(' ', 400);
        for (var i = 0; i < 70; i++)
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes($"{spaces.Length:x}\r\n{spaces}\r\n"));
            await Task.Delay(100);
        }

        var json = """{"authorName":"Slow","authorEmail":"slow@example.com","content":"Sent over a slow network."}""";
        await socket.SendAsync(Encoding.ASCII.GetBytes($"{json.Length:x}\r\n{json}\r\n0\r\n\r\n"));
        var (status, headers, body) = await RawHttp.ReceiveAsync(socket);

        Assert.Equal("HTTP/1.1 408 Request Timeout", status);
        Assert.Contains("Content-Type: application/problem+json", headers, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(408, (int)JsonNode.Parse(body)!["status"]!);
        Assert.DoesNotContain(hub.Logs.Lines.Skip(logged), line => line.Text.Contains("Storage", StringComparison.Ordinal) || line.Level >= LogLevel.Warning);
        Assert.Empty((await _maintainer.GetJsonAsync("/api/manage/comments?status=pending"))["items"]!.AsArray());
    }

    /// <summary>A chunked body that arrives whole is read as it streams and answered as any other.</summary>
    [Fact]
    public async Task A_whole_chunked_body_is_answered_as_any_other()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var json = """{"authorName":"Chunked","authorEmail":"chunked@example.com","content":"Sent in two chunks."}""";
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/resources/{entry}/comments") { Content = new ChunkedContent(Encoding.UTF8.GetBytes(json)) };
        post.Content.Headers.ContentType = new("application/json");

        using var answer = await hub.Reader().SendAsync(post);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Null(post.Content.Headers.ContentLength);
        Assert.Equal("pending", (string?)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["status"]);
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(hub.BaseAddress.Host, hub.BaseAddress.Port);
        return socket;
    }

    private async Task<(string Status, string[] Headers, string Body)> SendAsync(string request)
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        return await RawHttp.ReceiveAsync(socket);
    }

    /// <summary>A body sent without Content-Length, in chunks as it is written.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, 20));
            await stream.FlushAsync();
            await stream.WriteAsync(body.AsMemory(20));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
