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
    private static int _lastAddress;

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
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }
}
