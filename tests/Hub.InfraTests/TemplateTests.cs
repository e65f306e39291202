namespace Hub.InfraTests;

public sealed class TemplateTests
{
    private static readonly string[] BicepFiles = Directory.GetFiles(Path.Combine(Repository.Root, "infra"), "*.bicep", SearchOption.AllDirectories);

    [Fact]
    public void The_template_builds_without_a_warning()
    {
        Assert.Equal("", BicepTemplate.Main.BuildErrors.Trim());
    }

    [Fact]
    public void The_template_and_its_modules_lint_clean_under_the_projects_linter_rules()
    {
        var (exitCode, output, errors) = Bicep.Run("lint", Path.Combine(Repository.Root, "infra", "main.bicep"));
        Assert.True(exitCode == 0 && output.Trim().Length == 0 && errors.Trim().Length == 0, $"{exitCode}: {output}{errors}");
    }

    [Fact]
    public void The_parameters_file_builds()
    {
        var (exitCode, _, errors) = Bicep.Run("build-params", Path.Combine(Repository.Root, "infra", "main.bicepparam"), "--stdout");
        Assert.True(exitCode == 0 && errors.Trim().Length == 0, errors);
    }

    [Fact]
    public void Every_parameter_in_every_file_says_what_it_is_for()
    {
        foreach (var file in BicepFiles)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("param ", StringComparison.Ordinal))
                {
                    continue;
                }

                var decorators = lines.Take(i).Reverse().TakeWhile(line => line.StartsWith('@') || line.StartsWith("  ", StringComparison.Ordinal) || line is "])" or ")").ToList();
                Assert.True(
                    decorators.Any(line => line.StartsWith("@description('Required.", StringComparison.Ordinal) || line.StartsWith("@description('Optional.", StringComparison.Ordinal)),
                    $"{Path.GetFileName(file)}: '{lines[i]}' needs @description('Required. …') or ('Optional. …')");
            }
        }
    }

    [Fact]
    public void Every_module_starts_with_its_metadata()
    {
        foreach (var file in BicepFiles)
        {
            var text = File.ReadAllText(file);
            Assert.StartsWith("metadata name = ", text, StringComparison.Ordinal);
            Assert.Contains("metadata description = ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_outputs_name_the_site_the_api_the_app_and_the_storage_account()
    {
        var outputs = BicepTemplate.Main.Json["outputs"]!.AsObject().Select(pair => pair.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["API_BASE_URL", "FUNCTION_APP_NAME", "SITE_URL", "STORAGE_ACCOUNT_NAME"], outputs);
    }

    [Fact]
    public void Always_ready_instances_default_to_zero_so_an_idle_hub_costs_nothing()
    {
        var parameter = BicepTemplate.Main.Json["parameters"]!["alwaysReadyInstances"]!;
        Assert.Equal(0, (int)parameter["defaultValue"]!);
        Assert.Equal(0, (int)parameter["minValue"]!);
    }
}
