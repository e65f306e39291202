using System.Net;
using System.Net.Sockets;

namespace Hub.Testing;

/// <summary>
/// HTTP clients that connect from an address of their own on the loopback network (127.x.y.z),
/// so the hub sees distinct clients the way Azure does: by the connection's address, never by a
/// header the client writes.
/// </summary>
public static class Clients
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Func<Task>> FollowUps = new(StringComparer.Ordinal);

    private static int _lastAddress;

    /// <summary>
    /// After each write a client of <paramref name="baseAddress"/> sends (any method but GET, HEAD
    /// and OPTIONS) that succeeds, runs <paramref name="followUps"/> before the client sees the answer: the hub
    /// does a write's follow-up off the request path, within seconds, and tests that read what
    /// follows (the queue, counts, audit, pages) read it once that has happened. Null stops it.
    /// </summary>
    public static void FollowUpsAfterWrites(Uri baseAddress, Func<Task>? followUps)
    {
        if (followUps is null)
        {
            FollowUps.TryRemove(baseAddress.GetLeftPart(UriPartial.Authority), out _);
        }
        else
        {
            FollowUps[baseAddress.GetLeftPart(UriPartial.Authority)] = followUps;
        }
    }

    /// <summary>A loopback address no other caller of this method has been given.</summary>
    public static IPAddress NewAddress()
    {
        var n = Interlocked.Increment(ref _lastAddress);
        return new IPAddress([127, 10, (byte)((n >> 8) & 255), (byte)(n & 255)]);
    }

    /// <summary>A client whose connections come from <paramref name="source"/>.</summary>
    public static HttpClient From(Uri baseAddress, IPAddress source)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(new FollowUpHandler(handler)) { BaseAddress = baseAddress };
    }

    private sealed class FollowUpHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode < 400 && request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && request.Method != HttpMethod.Options
                && request.RequestUri is { } uri && FollowUps.TryGetValue(uri.GetLeftPart(UriPartial.Authority), out var followUps))
            {
                await followUps();
            }

            return response;
        }
    }
}
