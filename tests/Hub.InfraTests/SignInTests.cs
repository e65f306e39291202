using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hub.InfraTests;

/// <summary>
/// Commenter sign-in's providers (issue 21) as the Bicep takes them: typed parameters, the
/// Hub__SignIn__Providers__N__* settings the template evaluates to, client secrets that stay
/// secure, and the refusals. docs/sign-in.md says how to fill them in.
/// </summary>
public sealed partial class SignInTests
{
    private const string Google = "{ id: 'google', name: 'Google', issuer: 'https://accounts.google.com', clientId: 'google-client' }";
    private const string EntraInVault = "{ id: 'entra', name: 'Microsoft', issuer: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0', clientId: 'entra-client', clientSecretKeyVaultSecretUri: 'https://hub-vault.vault.azure.net/secrets/entra' }";
    private const string GitHub = "{ id: 'github', name: 'GitHub', kind: 'github', clientId: 'github-client', clientSecretKeyVaultSecretUri: 'https://hub-vault.vault.azure.net/secrets/github' }";
    private const string Secret = "not-a-real-secret-7f3a9c";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    private static JsonObject Parameters => BicepTemplate.Main.Json["parameters"]!.AsObject();

    // ------------------------------------------------------------ the compiled template

    [Fact]
    public void Providers_are_a_typed_array_whose_items_cannot_carry_a_secret()
    {
        var providers = Parameters["signInProviders"]!;
        Assert.Equal("array", (string?)providers["type"]);
        Assert.Empty(providers["defaultValue"]!.AsArray());
        Assert.Equal("#/definitions/signInProvider", (string?)providers["items"]!["$ref"]);

        var type = BicepTemplate.Main.Json["definitions"]!["signInProvider"]!;
        // Sealed: a clientSecret property put in a provider by mistake is refused, not deployed in plain sight.
        Assert.False((bool)type["additionalProperties"]!);
        Assert.Equal(["id", "name", "issuer", "kind", "clientId", "clientSecretKeyVaultSecretUri"], type["properties"]!.AsObject().Select(pair => pair.Key));
        Assert.True((bool)type["properties"]!["clientSecretKeyVaultSecretUri"]!["nullable"]!);
        // Either an issuer or a kind, and a kind is one the hub knows (Hub.Core's SignInKinds; Bicep lists them sorted): the template refuses any other.
        Assert.True((bool)type["properties"]!["issuer"]!["nullable"]!);
        Assert.Equal(["facebook", "github", "wordpress-com", "x"], type["properties"]!["kind"]!["allowedValues"]!.AsArray().Select(value => (string)value!));
    }

    [Fact]
    public void Client_secrets_are_a_secure_object_in_the_template_and_in_the_function_app_module()
    {
        var secrets = Parameters["signInClientSecrets"]!;
        Assert.Equal("secureObject", (string?)secrets["type"]);
        Assert.Empty(secrets["defaultValue"]!.AsObject());

        var module = FunctionAppModule["properties"]!;
        Assert.Equal("secureObject", (string?)module["template"]!["parameters"]!["signInClientSecrets"]!["type"]);
        Assert.Equal("[parameters('signInClientSecrets')]", (string?)module["parameters"]!["signInClientSecrets"]!["value"]);
    }

    [Fact]
    public void Key_vault_references_are_read_as_the_apps_user_assigned_identity()
    {
        // Without it App Service resolves references with a system-assigned identity, which this app does not have.
        var site = BicepTemplate.Main.One("Microsoft.Web/sites");
        Assert.Equal("[parameters('identityId')]", (string?)site["properties"]!["keyVaultReferenceIdentity"]);
        Assert.Equal("[parameters('identityId')]", (string?)site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["userAssignedIdentityResourceId"]);
    }

    [Fact]
    public void No_output_of_the_template_or_its_modules_reads_the_secrets_or_the_app_settings()
    {
        var outputs = Templates(BicepTemplate.Main.Json).SelectMany(template => template["outputs"]?.AsObject() ?? []).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output =>
        {
            var value = output.Value!["value"]!.ToJsonString();
            Assert.DoesNotContain("signInClientSecrets", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("appSettings", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("list", value, StringComparison.OrdinalIgnoreCase); // listKeys(), list() and friends
            Assert.NotEqual("securestring", (string?)output.Value["type"], StringComparer.OrdinalIgnoreCase);
        });
    }

    // ------------------------------------------------------- the template evaluated

    public static TheoryData<string, string, string[]> Cases() => new()
    {
        { "no providers: no sign-in settings", "param signInProviders = []", [] },
        {
            "a secret in Key Vault: a Key Vault reference",
            $"param signInProviders = [\n  {EntraInVault}\n]",
            [
                "Hub__SignIn__Providers__0__Id=entra",
                "Hub__SignIn__Providers__0__Name=Microsoft",
                "Hub__SignIn__Providers__0__Issuer=https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
                "Hub__SignIn__Providers__0__ClientId=entra-client",
                "Hub__SignIn__Providers__0__ClientSecret=@Microsoft.KeyVault(SecretUri=https://hub-vault.vault.azure.net/secrets/entra)",
            ]
        },
        {
            "two providers, in order: one secret from the secure object, one from Key Vault",
            $"param signInProviders = [\n  {Google}\n  {EntraInVault}\n]\nparam signInClientSecrets = {{ google: '{Secret}' }}",
            [
                "Hub__SignIn__Providers__0__Id=google",
                "Hub__SignIn__Providers__0__Name=Google",
                "Hub__SignIn__Providers__0__Issuer=https://accounts.google.com",
                "Hub__SignIn__Providers__0__ClientId=google-client",
                "Hub__SignIn__Providers__0__ClientSecret=<signInClientSecrets.google>",
                "Hub__SignIn__Providers__1__Id=entra",
                "Hub__SignIn__Providers__1__Name=Microsoft",
                "Hub__SignIn__Providers__1__Issuer=https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
                "Hub__SignIn__Providers__1__ClientId=entra-client",
                "Hub__SignIn__Providers__1__ClientSecret=@Microsoft.KeyVault(SecretUri=https://hub-vault.vault.azure.net/secrets/entra)",
            ]
        },
        {
            "an OAuth 2.0 kind: a Kind setting and no Issuer",
            $"param signInProviders = [\n  {GitHub}\n  {Google}\n]\nparam signInClientSecrets = {{ google: '{Secret}' }}",
            [
                "Hub__SignIn__Providers__0__Id=github",
                "Hub__SignIn__Providers__0__Name=GitHub",
                "Hub__SignIn__Providers__0__Kind=github",
                "Hub__SignIn__Providers__0__ClientId=github-client",
                "Hub__SignIn__Providers__0__ClientSecret=@Microsoft.KeyVault(SecretUri=https://hub-vault.vault.azure.net/secrets/github)",
                "Hub__SignIn__Providers__1__Id=google",
                "Hub__SignIn__Providers__1__Name=Google",
                "Hub__SignIn__Providers__1__Issuer=https://accounts.google.com",
                "Hub__SignIn__Providers__1__ClientId=google-client",
                "Hub__SignIn__Providers__1__ClientSecret=<signInClientSecrets.google>",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Providers_become_the_app_settings_the_options_class_binds(string @case, string parameters, string[] expected)
    {
        var snapshot = BicepSnapshot.Of(parameters);

        var signIn = snapshot.AppSettings
            .Where(setting => setting.Key.StartsWith("Hub__SignIn__", StringComparison.Ordinal))
            .Select(setting => $"{setting.Key}={Shown(setting.Value)}");
        Assert.True(expected.SequenceEqual(signIn), $"{@case}: {string.Join(", ", signIn)}");
        Assert.Contains(snapshot.AppSettings, setting => setting.Key == "Hub__Site__ApiUrl");
        Assert.DoesNotContain(Secret, snapshot.Text, StringComparison.Ordinal);
        Assert.All(snapshot.Json["outputs"]!.AsObject(), output => Assert.DoesNotContain("Hub__SignIn", output.Value!.ToJsonString(), StringComparison.Ordinal));

        // The snapshot leaves a secure parameter unevaluated: show which entry the deployment reads.
        static string Shown(string value)
            => SecureEntry().Match(value) is { Success: true } match ? $"<signInClientSecrets.{match.Groups[1].Value}>" : value;
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { "{ id: 'local', name: 'Local', issuer: 'https://issuer.example', clientId: 'c', clientSecretKeyVaultSecretUri: 'https://v.vault.azure.net/secrets/s' }", "stand-in issuer" },
        { "{ id: 'corp-local-idp', name: 'Corp', issuer: 'https://issuer.example', clientId: 'c', clientSecretKeyVaultSecretUri: 'https://v.vault.azure.net/secrets/s' }", "stand-in issuer" },
        { "{ id: 'Local', name: 'Local', issuer: 'https://issuer.example', clientId: 'c', clientSecretKeyVaultSecretUri: 'https://v.vault.azure.net/secrets/s' }", "stand-in issuer" },
        { "{ id: 'test', name: 'Test', issuer: 'http://127.0.0.1:7073', clientId: 'c', clientSecretKeyVaultSecretUri: 'https://v.vault.azure.net/secrets/s' }", "a deployed issuer is an https URL" },
        { "{ id: 'google', name: 'Google', issuer: 'https://accounts.google.com', clientId: 'c', clientSecret: 'in-plain-sight' }", "\"clientSecret\" is not allowed" },
        { "{ id: 'google', name: 'Google', issuer: 'https://accounts.google.com' }", "clientId" },
        { "{ id: '', name: 'Google', issuer: 'https://accounts.google.com', clientId: 'c' }", "minimum allowable length is 1" },
        { "{ id: 'github', name: 'GitHub', kind: 'github', issuer: 'https://github.com', clientId: 'c', clientSecretKeyVaultSecretUri: 'https://v.vault.azure.net/secrets/s' }", "both an issuer and a kind" },
        { "{ id: 'gh', name: 'GitHub', clientId: 'c', clientSecretKeyVaultSecretUri: 'https://v.vault.azure.net/secrets/s' }", "neither an issuer" },
        { "{ id: 'masto', name: 'Mastodon', kind: 'mastodon', clientId: 'c', clientSecretKeyVaultSecretUri: 'https://v.vault.azure.net/secrets/s' }", "mastodon" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_provider_the_hub_must_not_deploy_fails_before_anything_is_created(string provider, string reason)
    {
        var said = BicepSnapshot.Refusal($"param signInProviders = [\n  {provider}\n]");
        Assert.Contains(reason, said, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("hub-vault", 1)]
    [InlineData("", 0)]
    public void The_app_may_read_secrets_from_a_vault_in_its_resource_group_only_when_one_is_named(string vault, int grants)
    {
        var snapshot = BicepSnapshot.Of($"param signInKeyVaultName = '{vault}'");

        var onVaults = snapshot.OfType("Microsoft.Authorization/roleAssignments")
            .Where(assignment => ((string)assignment["id"]!).Contains("/providers/Microsoft.KeyVault/vaults/", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(grants, onVaults.Count);
        Assert.All(onVaults, assignment =>
        {
            Assert.Contains($"/resourceGroups/rg-test/providers/Microsoft.KeyVault/vaults/{vault}/", (string)assignment["id"]!, StringComparison.Ordinal);
            Assert.EndsWith(KeyVaultSecretsUser, (string)assignment["properties"]!["roleDefinitionId"]!, StringComparison.Ordinal);
            Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
        });
    }

    // ------------------------------------------------------------ main.bicepparam

    [Fact]
    public void The_parameters_file_sets_no_secure_parameter()
    {
        var secure = Parameters
            .Where(pair => ((string)pair.Value!["type"]!).StartsWith("secure", StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair.Key)
            .ToList();
        Assert.Contains("signInClientSecrets", secure);

        var set = BuiltParameters(new Dictionary<string, string>());
        Assert.Empty(set.Select(pair => pair.Key).Intersect(secure));
        Assert.DoesNotContain("clientSecret\"", File.ReadAllText(Path.Combine(Repository.Root, "infra", "main.bicepparam")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_parameters_file_takes_providers_and_the_vault_from_the_azd_environment()
    {
        var provider = """[{"id":"google","name":"Google","issuer":"https://accounts.google.com","clientId":"c","clientSecretKeyVaultSecretUri":"https://hub-vault.vault.azure.net/secrets/google"}]""";
        var set = BuiltParameters(new Dictionary<string, string> { ["HUB_SIGN_IN_PROVIDERS"] = provider, ["HUB_SIGN_IN_KEY_VAULT"] = "hub-vault" });

        Assert.Equal("google", (string?)set["signInProviders"]!["value"]![0]!["id"]);
        Assert.Equal("hub-vault", (string?)set["signInKeyVaultName"]!["value"]);
    }

    [Fact]
    public void The_parameters_file_refuses_a_secret_written_into_a_provider()
    {
        var provider = """[{"id":"google","name":"Google","issuer":"https://accounts.google.com","clientId":"c","clientSecret":"in-plain-sight"}]""";
        var (exitCode, _, errors) = Bicep.Run(new Dictionary<string, string> { ["HUB_SIGN_IN_PROVIDERS"] = provider }, "build-params", Path.Combine(Repository.Root, "infra", "main.bicepparam"), "--stdout");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("\"clientSecret\" is not allowed", errors, StringComparison.Ordinal);
    }

    private static JsonObject BuiltParameters(Dictionary<string, string> environment)
    {
        var (exitCode, output, errors) = Bicep.Run(environment, "build-params", Path.Combine(Repository.Root, "infra", "main.bicepparam"), "--stdout");
        Assert.True(exitCode == 0, errors);
        var built = JsonNode.Parse(output)!;
        return JsonNode.Parse((string)built["parametersJson"]!)!["parameters"]!.AsObject();
    }

    private static JsonObject FunctionAppModule
        => BicepTemplate.Main.OfType("Microsoft.Resources/deployments").Single(d => ((string)d["name"]!).Contains("functionApp", StringComparison.Ordinal));

    private static IEnumerable<JsonObject> Templates(JsonObject template)
    {
        yield return template;
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(node => node!.AsObject()),
            JsonObject byName => byName.Select(pair => pair.Value!.AsObject()),
            _ => [],
        };
        foreach (var nested in resources.Select(resource => resource["properties"]?["template"]).OfType<JsonObject>())
        {
            foreach (var inner in Templates(nested))
            {
                yield return inner;
            }
        }
    }

    [GeneratedRegex(@"^\[coalesce\(tryGet\(parameters\('signInClientSecrets'\), '([a-z0-9-]+)'\)")]
    private static partial Regex SecureEntry();
}
