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

    [Fact]
    public void Publishing_lets_the_pages_call_the_api_and_nothing_else()
    {
        var script = File.ReadAllText(Path.Combine(Repository.Root, "infra", "publish-site.sh"));
        Assert.Contains("s|connect-src 'self'|connect-src 'self' $api|", script, StringComparison.Ordinal);
        foreach (var page in Directory.GetFiles(Path.Combine(Repository.Root, "static-web"), "*.html", SearchOption.AllDirectories))
        {
            Assert.Contains("connect-src 'self';", File.ReadAllText(page), StringComparison.Ordinal);
        }
    }
}

/// <summary>
/// publish-site.sh run for real, with a stand-in for the az command on PATH that records what
/// it was asked and keeps what would have been uploaded (no Azure is reachable here).
/// </summary>
public sealed class PublishSiteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("publish-site-").FullName;

    [Fact]
    public void The_uploaded_site_points_at_the_api_and_the_static_website_is_switched_on()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
        var uploaded = Path.Combine(_folder, "uploaded");
        var calls = Path.Combine(_folder, "calls.txt");
        File.WriteAllText(Path.Combine(bin, "az"), $$"""
            #!/usr/bin/env bash
            echo "$*" >> '{{calls}}'
            while [ "$#" -gt 0 ]; do
              if [ "$1" = "--source" ]; then cp -R "$2" '{{uploaded}}'; fi
              shift
            done
            """);
        File.SetUnixFileMode(Path.Combine(bin, "az"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        start.ArgumentList.Add("infra/publish-site.sh");
        start.ArgumentList.Add("hubstorage");
        start.ArgumentList.Add("https://hub-api.azurewebsites.net/");
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, errors);
        var log = File.ReadAllText(calls);
        Assert.Contains("storage blob service-properties update --account-name hubstorage --auth-mode login --static-website --index-document index.html --404-document 404.html", log, StringComparison.Ordinal);
        Assert.Contains("--destination $web", log, StringComparison.Ordinal);
        Assert.Equal("https://hub-api.azurewebsites.net", System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(uploaded, "config.json"))).RootElement.GetProperty("apiBase").GetString());
        foreach (var page in Directory.GetFiles(uploaded, "*.html", SearchOption.AllDirectories))
        {
            Assert.Contains("connect-src 'self' https://hub-api.azurewebsites.net;", File.ReadAllText(page), StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(uploaded, "manage", "index.html")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
