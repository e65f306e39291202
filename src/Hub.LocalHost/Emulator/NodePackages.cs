using System.Diagnostics;

namespace Hub.LocalHost.Emulator;

/// <summary>Installs the repository's npm dependencies (Azurite) the first time they are needed.</summary>
internal static class NodePackages
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task<string> EnsureAzuriteAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var script = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(script))
        {
            return script;
        }

        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(script))
            {
                await InstallAsync(repositoryRoot, cancellationToken);
            }
        }
        finally
        {
            InstallLock.Release();
        }

        return File.Exists(script)
            ? script
            : throw new InvalidOperationException($"npm finished, but {script} is still missing.");
    }

    private static async Task InstallAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("Installing the storage emulator (npm ci)…");
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
