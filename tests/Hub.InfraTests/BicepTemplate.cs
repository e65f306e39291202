using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Hub.InfraTests;

/// <summary>
/// infra/main.bicep compiled to ARM JSON by the Bicep CLI from the NuGet package, with every
/// module's deployed resources flattened into one list so a test can ask for a resource by type.
/// </summary>
public sealed class BicepTemplate
{
    private static readonly Lazy<BicepTemplate> Compiled = new(() => new BicepTemplate());

    private BicepTemplate()
    {
        var (exitCode, output, errors) = Bicep.Run("build", Path.Combine(Repository.Root, "infra", "main.bicep"), "--stdout");
        BuildErrors = errors;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({exitCode}):{Environment.NewLine}{errors}");
        }

        Json = JsonNode.Parse(output)!.AsObject();
        Resources = Flatten(Json).ToList();
    }

    public static BicepTemplate Main => Compiled.Value;

    public JsonObject Json { get; }

    public string BuildErrors { get; }

    public IReadOnlyList<JsonObject> Resources { get; }

    public IEnumerable<JsonObject> OfType(string type)
        => Resources.Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject One(string type) => Assert.Single(OfType(type));

    /// <summary>A template's resources, and those of the templates its module deployments carry.</summary>
    private static IEnumerable<JsonObject> Flatten(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(node => node!.AsObject()),
            JsonObject byName => byName.Select(pair => pair.Value!.AsObject()),
            _ => [],
        };
        // References to existing resources (listed since the template uses user-defined types) are not resources it deploys.
        foreach (var resource in resources.Where(resource => resource["existing"] is null || !(bool)resource["existing"]!))
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}

public static class Bicep
{
    public static string Executable
    {
        get
        {
            var package = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackage").Value!;
            var path = Path.Combine(package, "tools", "bicep");
            // NuGet does not always keep the executable bit of a package's file.
            if (!File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
            }

            return path;
        }
    }

    public static (int ExitCode, string Output, string Errors) Run(params string[] arguments) => Tools.Run(Executable, arguments);

    public static (int ExitCode, string Output, string Errors) Run(IReadOnlyDictionary<string, string> environment, params string[] arguments)
        => Tools.Run(environment, Executable, arguments);
}

public static class Tools
{
    public static (int ExitCode, string Output, string Errors) Run(string program, params string[] arguments)
        => Run(new Dictionary<string, string>(), program, arguments);

    public static (int ExitCode, string Output, string Errors) Run(IReadOnlyDictionary<string, string> environment, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, errors.Result);
    }
}

public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Serverless.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Serverless.sln not found above the test output.");
    }
}
