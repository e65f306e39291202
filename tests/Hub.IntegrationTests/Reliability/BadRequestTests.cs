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

    [Fact]
    public async Task A_body_that_stops_arriving_gets_408_not_a_server_error()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(hub.BaseAddress.Host, hub.BaseAddress.Port);
        var head = $"POST /api/resources/{entry}/comments HTTP/1.1\r\nHost: {hub.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"a\":";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));

        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token)) > 0)
        {
            answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
            if (answer.ToString().Contains('}', StringComparison.Ordinal))
            {
                break;
            }
        }

        var text = answer.ToString();
        Assert.StartsWith("HTTP/1.1 408", text, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", text, StringComparison.Ordinal);
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
