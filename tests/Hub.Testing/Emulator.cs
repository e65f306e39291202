using Hub.LocalHost.Content;
using Hub.LocalHost.Emulator;

namespace Hub.Testing;

/// <summary>A private Azurite for one test class: in memory, on ports the OS picks, so runs can overlap.</summary>
public static class Emulator
{
    public static Task<AzuriteProcess> StartAsync()
        => AzuriteProcess.StartAsync(RepositoryLayout.FindRoot(), dataFolder: null, (0, 0, 0), CancellationToken.None);
}
