using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Hub.LocalHost.Emulator;

/// <summary>
/// Azurite, the storage emulator, run from the repository's own npm dependency. Port 0 asks
/// Azurite for free ports; the ones it took are read from what it prints.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    // The emulator's fixed, publicly documented development account; not a secret.
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private AzuriteProcess(Process process, Uri blob, Uri queue, Uri table)
    {
        _process = process;
        BlobEndpoint = blob;
        QueueEndpoint = queue;
        TableEndpoint = table;
    }

    /// <summary>The emulator's process, for tests that stop and resume it as an outage would.</summary>
    public int ProcessId => _process.Id;

    public Uri BlobEndpoint { get; }
    public Uri QueueEndpoint { get; }
    public Uri TableEndpoint { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint}{AccountName};QueueEndpoint={QueueEndpoint}{AccountName};TableEndpoint={TableEndpoint}{AccountName};";

    /// <param name="repositoryRoot">The folder whose package.json names azurite.</param>
    /// <param name="dataFolder">Where Azurite keeps its data; null keeps it in memory only.</param>
    public static async Task<AzuriteProcess> StartAsync(
        string repositoryRoot, string? dataFolder, (int Blob, int Queue, int Table) ports, CancellationToken cancellationToken)
    {
        var script = await NodePackages.EnsureAzuriteAsync(repositoryRoot, cancellationToken);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repositoryRoot,
        };
        foreach (var argument in Arguments(script, dataFolder, ports))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node to run Azurite.");
        var endpoints = new Dictionary<string, Uri>(StringComparer.Ordinal);
        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) => OnOutput(line.Data);
        process.ErrorDataReceived += (_, line) => OnOutput(line.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"Azurite exited before it was ready:{Environment.NewLine}{output}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch
        {
            Stop(process);
            throw;
        }

        return new AzuriteProcess(process, endpoints["Blob"], endpoints["Queue"], endpoints["Table"]);

        void OnOutput(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (endpoints)
            {
                output.AppendLine(line);
                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    endpoints[match.Groups["service"].Value] = new Uri(match.Groups["url"].Value.TrimEnd('/') + "/");
                    if (endpoints.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Arguments(string script, string? dataFolder, (int Blob, int Queue, int Table) ports)
    {
        yield return script;
        yield return "--blobHost";
        yield return "127.0.0.1";
        yield return "--queueHost";
        yield return "127.0.0.1";
        yield return "--tableHost";
        yield return "127.0.0.1";
        yield return "--blobPort";
        yield return ports.Blob.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--queuePort";
        yield return ports.Queue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--tablePort";
        yield return ports.Table.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--silent";
        // The Azure SDK may be newer than the emulator; the APIs the hub uses are the same.
        yield return "--skipApiVersionCheck";
        if (dataFolder is null)
        {
            yield return "--inMemoryPersistence";
        }
        else
        {
            yield return "--location";
            yield return dataFolder;
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop(_process);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // It has already gone.
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}
