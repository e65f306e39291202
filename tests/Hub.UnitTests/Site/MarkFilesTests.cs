using System.Text.Json;
using Hub.LocalHost.Content;

namespace Hub.UnitTests.Site;

/// <summary>
/// The providers' marks in <c>src/Hub.Site/Marks</c> are simple-icons' own files, unchanged, from the
/// version package.json pins, which is released under CC0-1.0. Vendored so the build and the
/// function app, which draws them into pages, need no npm; this keeps the copy honest. To update:
/// change the pin, <c>npm install</c>, copy the files again.
/// </summary>
public sealed class MarkFilesTests
{
    private static readonly string Root = RepositoryLayout.FindRoot();
    private static readonly string Package = Installed(Path.Combine(Root, "node_modules", "simple-icons"));

    private static readonly string[] Brands = ["wordpress", "github", "facebook", "x", "google"];

    public static TheoryData<string> Marks() => new(Brands);

    /// <summary>The package, installed first if this run is the first to need node_modules (as the storage emulator is).</summary>
    private static string Installed(string package)
    {
        Hub.LocalHost.Emulator.NodePackages.EnsureInstalledAsync(Root, CancellationToken.None).GetAwaiter().GetResult();
        return package;
    }

    [Theory]
    [MemberData(nameof(Marks))]
    public void The_mark_is_the_pinned_package_s_file_byte_for_byte(string mark)
    {
        var shipped = Path.Combine(Package, "icons", $"{mark}.svg");
        Assert.True(File.Exists(shipped), $"{shipped} is missing: run npm ci (simple-icons may have dropped the mark: see docs/sign-in.md)");
        Assert.Equal(File.ReadAllBytes(shipped), File.ReadAllBytes(Path.Combine(Root, "src", "Hub.Site", "Marks", $"{mark}.svg")));
    }

    [Fact]
    public void The_installed_package_is_the_pinned_version_and_its_licence_is_cc0()
    {
        using var pinned = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "package.json")));
        using var installed = JsonDocument.Parse(File.ReadAllText(Path.Combine(Package, "package.json")));
        Assert.Equal(pinned.RootElement.GetProperty("devDependencies").GetProperty("simple-icons").GetString(), installed.RootElement.GetProperty("version").GetString());
        Assert.Equal("CC0-1.0", installed.RootElement.GetProperty("license").GetString());
    }

    [Fact]
    public void Only_the_neutral_mark_is_the_hub_s_own()
    {
        var vendored = Directory.GetFiles(Path.Combine(Root, "src", "Hub.Site", "Marks"), "*.svg").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(Brands.Append("neutral").Order(StringComparer.Ordinal), vendored);
    }
}
