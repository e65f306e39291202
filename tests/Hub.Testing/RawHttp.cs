using System.Net.Sockets;
using System.Text;

namespace Hub.Testing;

/// <summary>HTTP/1.1 by hand over a socket, for what an HttpClient will not send: bodies that stop, lengths that lie.</summary>
public static class RawHttp
{
    /// <summary>The answer, read until the server closes the connection, split into its status line, headers and body.</summary>
    public static async Task<(string Status, string[] Headers, string Body)> ReceiveAsync(Socket socket)
    {
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token)) > 0)
        {
            answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        var response = answer.ToString();
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"no complete answer: {response}");
        var lines = response[..end].Split("\r\n");
        return (lines[0], lines[1..], response[(end + 4)..]);
    }
}
