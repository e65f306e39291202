using System.Diagnostics;
using System.Text.Json;

namespace Hub.LocalHost.Emulator;

/// <summary>
/// Installs the repository's npm dependencies (Azurite, Lighthouse, simple-icons) the first time
/// they are needed: when one of package.json's packages is missing or not at its pinned version.
/// Test processes run side by side and any may be first, so the install holds a lock file that
/// every process honours (npm ci empties node_modules before it fills it again).
/// </summary>
internal static class NodePackages
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task<string> EnsureAzuriteAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(repositoryRoot, cancellationToken);
        var script = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        return File.Exists(script)
            ? script
            : throw new InvalidOperationException($"npm finished, but {script} is still missing.");
    }

    /// <summary>Returns once every package package.json pins is in node_modules at its version.</summary>
    public static async Task EnsureInstalledAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        if (AllInstalled(repositoryRoot))
        {
            return;
        }

        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            using var _ = await LockAcrossProcessesAsync(Path.Combine(repositoryRoot, "node_modules.lock"), cancellationToken);
            if (!AllInstalled(repositoryRoot))
            {
                await InstallAsync(repositoryRoot, cancellationToken);
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static bool AllInstalled(string repositoryRoot)
    {
        using var pinned = JsonDocument.Parse(File.ReadAllText(Path.Combine(repositoryRoot, "package.json")));
        foreach (var package in pinned.RootElement.GetProperty("devDependencies").EnumerateObject())
        {
            var manifest = Path.Combine(repositoryRoot, "node_modules", package.Name, "package.json");
            if (!File.Exists(manifest))
            {
                return false;
            }

            using var installed = JsonDocument.Parse(File.ReadAllText(manifest));
            if (installed.RootElement.GetProperty("version").GetString() != package.Value.GetString())
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<FileStream> LockAcrossProcessesAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }

    private static async Task InstallAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("Installing the development tools: the storage emulator and the rest of package.json (npm ci)…");
        var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = repositoryRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm. Is Node.js installed?");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed with exit code {process.ExitCode}:{Environment.NewLine}{await output}{await errors}");
        }
    }
}
