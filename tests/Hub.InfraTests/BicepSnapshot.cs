using System.Text.Json.Nodes;

namespace Hub.InfraTests;

/// <summary>
/// infra/main.bicep evaluated offline by <c>bicep snapshot</c> with the given parameters: the
/// resources Azure would be asked to create, with every expression the CLI can work out
/// evaluated (names, loops, lambdas, fail()). Secure parameters are not evaluated: an
/// expression that reads one stays an expression.
/// </summary>
public sealed class BicepSnapshot
{
    private BicepSnapshot(JsonObject json, string text)
    {
        Json = json;
        Text = text;
    }

    public JsonObject Json { get; }

    /// <summary>The snapshot file as written, to search for what must never be in it.</summary>
    public string Text { get; }

    public IEnumerable<JsonObject> Resources => Json["predictedResources"]!.AsArray().Select(node => node!.AsObject());

    public IEnumerable<JsonObject> OfType(string type)
        => Resources.Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The function app's settings by name, in their order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AppSettings
        => Assert.Single(OfType("Microsoft.Web/sites"))["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .Select(setting => new KeyValuePair<string, string>((string)setting!["name"]!, (string)setting["value"]!))
            .ToList();

    /// <summary>Evaluates main.bicep with <paramref name="parameters"/>: lines of a .bicepparam file after its <c>using</c>.</summary>
    public static BicepSnapshot Of(string parameters)
    {
        var (exitCode, output, errors, snapshot) = Run(parameters);
        Assert.True(exitCode == 0, $"bicep snapshot failed ({exitCode}): {output}{errors}");
        return new BicepSnapshot(JsonNode.Parse(snapshot!)!.AsObject(), snapshot!);
    }

    /// <summary>Evaluates main.bicep with <paramref name="parameters"/>, expecting it to be refused; returns what the CLI said.</summary>
    public static string Refusal(string parameters)
    {
        var (exitCode, output, errors, _) = Run(parameters);
        Assert.True(exitCode != 0, "bicep snapshot accepted the parameters");
        return output + errors;
    }

    private static (int ExitCode, string Output, string Errors, string? Snapshot) Run(string parameters)
    {
        var folder = Directory.CreateTempSubdirectory("hub-snapshot-").FullName;
        try
        {
            // A .bicepparam file names its template by a relative path.
            var template = Path.GetRelativePath(folder, Path.Combine(Repository.Root, "infra", "main.bicep")).Replace('\\', '/');
            var file = Path.Combine(folder, "test.bicepparam");
            File.WriteAllText(file, $"using '{template}'\nparam environmentName = 'test'\n{parameters}\n");
            var (exitCode, output, errors) = Bicep.Run(
                "snapshot", file,
                "--subscription-id", "00000000-0000-0000-0000-000000000001",
                "--tenant-id", "00000000-0000-0000-0000-000000000002",
                "--resource-group", "rg-test",
                "--location", "westeurope");
            var snapshot = Path.Combine(folder, "test.snapshot.json");
            return (exitCode, output, errors, File.Exists(snapshot) ? File.ReadAllText(snapshot) : null);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
