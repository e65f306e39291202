using System.Net;
using System.Net.Sockets;
using System.Text;
using Hub.Testing;

namespace Hub.IntegrationTests.Reliability;

/// <summary>Requests a careless or hostile client sends: each gets a clear 4xx and changes nothing.</summary>
public sealed class BadRequestTests(HubServer hub) : IClassFixture<HubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    /// <summary>
    /// A comment sent from a phone that loses its network mid-upload: the Functions host reads the
    /// body before it calls the function, and when the body stops it fails the invocation with an
    /// empty 500 (host 4.1037: after about 5 s with a Content-Length, 7.9 s chunked). The local host
    /// answers the same, and nothing is stored; the site's script then sends the comment again
    /// with the same Idempotency-Key.
    /// </summary>
    [Theory]
    [InlineData("Content-Length: 100\r\n", "{\"a\":")]
    [InlineData("Transfer-Encoding: chunked\r\n", "5\r\n{\"a\":\r\n")]
    public async Task A_body_that_stops_arriving_gets_the_hosts_empty_500_and_stores_nothing(string framing, string start)
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(hub.BaseAddress.Host, hub.BaseAddress.Port);
        var head = $"POST /api/resources/{entry}/comments HTTP/1.1\r\nHost: {hub.BaseAddress.Authority}\r\nContent-Type: application/json\r\n{framing}\r\n{start}";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));

        // The answer, read until the server closes the connection (it cannot be reused: the body never ended).
        var (status, headers, body) = await RawHttp.ReceiveAsync(socket);
        Assert.Equal("HTTP/1.1 500 Internal Server Error", status);
        Assert.Contains("Content-Length: 0", headers, StringComparer.OrdinalIgnoreCase);
        Assert.Empty(body);
        Assert.Empty((await _maintainer.GetJsonAsync("/api/manage/comments?status=pending"))["items"]!.AsArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not-an-etag")]
    [InlineData("\"unterminated")]
    public async Task An_empty_or_malformed_if_match_is_refused_and_overwrites_nothing(string ifMatch)
    {
        var id = Entries.NewId();
        var category = Entries.NewCategory();
        await _maintainer.PutOkAsync(id, Entries.Draft(category, "Original"));

        using var replace = new HttpRequestMessage(HttpMethod.Put, $"/api/manage/resources/{id}") { Content = System.Net.Http.Json.JsonContent.Create(Entries.Draft(category, "Overwritten")) };
        replace.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/manage/resources/{id}");
        delete.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        Assert.Equal(["If-Match"], (await (await _maintainer.SendAsync(replace)).AssertProblemAsync(400)).ErrorFields());
        Assert.Equal(["If-Match"], (await (await _maintainer.SendAsync(delete)).AssertProblemAsync(400)).ErrorFields());
        Assert.Equal("Original", (string?)(await _reader.GetJsonAsync($"/api/resources/{id}"))["title"]);
    }
}
