namespace Hub.InfraTests;

public sealed class DeployScriptTests
{
    public static TheoryData<string> Scripts() => new(["infra/deploy.sh", "infra/publish-site.sh", ".ci/run"]);

    [Theory]
    [MemberData(nameof(Scripts))]
    public void The_script_parses(string script)
    {
        var (exitCode, _, errors) = Tools.Run("bash", "-n", script);
        Assert.True(exitCode == 0, errors);
    }

    /// <summary>
    /// shellcheck is a Debian package that .ci/run installs. On a developer's machine without it
    /// the test is skipped with the reason; in CI (CI=true) a missing shellcheck fails it.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void Shellcheck_finds_nothing(string script)
    {
        var installed = Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(folder => File.Exists(Path.Combine(folder, "shellcheck")));
        if (!installed && Environment.GetEnvironmentVariable("CI") is not { Length: > 0 })
        {
            Skip.If(true, "shellcheck is not installed (apt-get install shellcheck)");
        }

        var (exitCode, output, errors) = Tools.Run("shellcheck", script);
        Assert.True(exitCode == 0, output + errors);
    }

    [Fact]
    public void Azd_publishes_the_site_with_the_outputs_the_template_declares()
    {
        var azure = File.ReadAllText(Path.Combine(Repository.Root, "azure.yaml"));
        var outputs = BicepTemplate.Main.Json["outputs"]!.AsObject().Select(pair => pair.Key);

        Assert.Contains("./infra/publish-site.sh \"$STORAGE_ACCOUNT_NAME\" \"$API_BASE_URL\"", azure, StringComparison.Ordinal);
        Assert.Contains("STORAGE_ACCOUNT_NAME", outputs);
        Assert.Contains("API_BASE_URL", outputs);
        Assert.Contains("project: ./src/Hub.Functions", azure, StringComparison.Ordinal);
    }
}

/// <summary>
/// publish-site.sh run for real, with stand-ins for the az command and the hub CLI that record
/// what they were asked (no Azure is reachable here; what hub publish writes is shown by the
/// integration tests against Azurite).
/// </summary>
public sealed class PublishSiteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("publish-site-").FullName;

    [Fact]
    public void The_static_website_is_switched_on_and_hub_publish_renders_the_site_for_the_api()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
        var calls = Path.Combine(_folder, "calls.txt");
        var published = Path.Combine(_folder, "published.txt");
        Executable(Path.Combine(bin, "az"), $$"""
            #!/usr/bin/env bash
            echo "$*" >> '{{calls}}'
            if [ "$1 $2 $3" = "storage account show" ]; then echo "https://hubstorage.z6.web.core.windows.net/"; fi
            """);
        var hub = Executable(Path.Combine(bin, "hub"), $$"""
            #!/usr/bin/env bash
            echo "AzureWebJobsStorage__accountName=$AzureWebJobsStorage__accountName $*" >> '{{published}}'
            """);

        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        start.ArgumentList.Add("infra/publish-site.sh");
        start.ArgumentList.Add("hubstorage");
        start.ArgumentList.Add("https://hub-api.azurewebsites.net/");
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["HUB_CLI"] = hub;
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, errors);
        Assert.Contains("storage blob service-properties update --account-name hubstorage --auth-mode login --static-website --index-document index.html --404-document 404.html", File.ReadAllText(calls), StringComparison.Ordinal);
        Assert.Equal(
            $"AzureWebJobsStorage__accountName=hubstorage publish --site-root {Repository.Root}/static-web --public-url https://hubstorage.z6.web.core.windows.net --api-url https://hub-api.azurewebsites.net",
            File.ReadAllText(published).Trim());
    }

    private static string Executable(string path, string script)
    {
        File.WriteAllText(path, script);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
