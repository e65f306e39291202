using System.Data.Common;
using System.Net;
using System.Net.Sockets;

namespace Hub.LocalHost.Emulator;

/// <summary>
/// When the storage setting points at the emulator on this machine and nothing answers there,
/// starts Azurite on those ports, keeping its data in the repository's .azurite folder.
/// </summary>
internal static class EmulatorAutoStart
{
    private const int DefaultBlobPort = 10000;
    private const int DefaultQueuePort = 10001;
    private const int DefaultTablePort = 10002;

    public static async Task<AzuriteProcess?> StartIfNeededAsync(string connectionString, string repositoryRoot, CancellationToken cancellationToken)
    {
        if (EmulatorPorts(connectionString) is not { } ports || await AnswersAsync(ports.Table, cancellationToken))
        {
            return null;
        }

        Console.WriteLine($"Starting the storage emulator (Azurite) on ports {ports.Blob}, {ports.Queue} and {ports.Table}…");
        var dataFolder = Path.Combine(repositoryRoot, ".azurite");
        Directory.CreateDirectory(dataFolder);
        return await AzuriteProcess.StartAsync(repositoryRoot, dataFolder, ports, cancellationToken);
    }

    /// <summary>The ports of an emulator connection string on this machine, or null for real storage.</summary>
    internal static (int Blob, int Queue, int Table)? EmulatorPorts(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && string.Equals(development as string, "true", StringComparison.OrdinalIgnoreCase))
        {
            return (DefaultBlobPort, DefaultQueuePort, DefaultTablePort);
        }

        if (!parts.TryGetValue("TableEndpoint", out var table) || !Uri.TryCreate(table as string, UriKind.Absolute, out var tableUri) || !tableUri.IsLoopback)
        {
            return null;
        }

        return (Port(parts, "BlobEndpoint", DefaultBlobPort), Port(parts, "QueueEndpoint", DefaultQueuePort), tableUri.Port);
    }

    private static int Port(DbConnectionStringBuilder parts, string key, int fallback)
        => parts.TryGetValue(key, out var value) && Uri.TryCreate(value as string, UriKind.Absolute, out var uri) ? uri.Port : fallback;

    private static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is SocketException or TimeoutException)
        {
            return false;
        }
    }
}
