using System.Text.Json.Nodes;

namespace Hub.InfraTests;

/// <summary>
/// One test per security setting, over the compiled ARM JSON, in the spirit of PSRule for
/// Azure: each names the rule it mirrors. Removing the setting from the Bicep fails its test.
/// </summary>
public sealed class SecurityRuleTests
{
    private static BicepTemplate Template => BicepTemplate.Main;

    private static JsonNode StorageProperties => Template.One("Microsoft.Storage/storageAccounts")["properties"]!;

    private static JsonNode Site => Template.One("Microsoft.Web/sites");

    private static JsonNode SiteConfig => Site["properties"]!["siteConfig"]!;

    /// <summary>The app settings as deployed, with a sign-in provider (they are an expression joining the fixed ones and the providers').</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> AppSettings => Evaluated.Value.AppSettings;

    private static readonly Lazy<BicepSnapshot> Evaluated = new(() => BicepSnapshot.Of(
        "param signInProviders = [{ id: 'google', name: 'Google', issuer: 'https://accounts.google.com', clientId: 'c', clientSecretKeyVaultSecretUri: 'https://v.vault.azure.net/secrets/google' }]"));

    // ---------------------------------------------------------------- storage

    [Fact] // Azure.Storage.SecureTransfer
    public void Storage_accepts_https_only() => Assert.True((bool)StorageProperties["supportsHttpsTrafficOnly"]!);

    [Fact] // Azure.Storage.MinTLS
    public void Storage_requires_tls_1_2() => Assert.Equal("TLS1_2", (string?)StorageProperties["minimumTlsVersion"]);

    [Fact] // Azure.Storage.BlobPublicAccess
    public void Storage_allows_no_anonymous_blob_access() => Assert.False((bool)StorageProperties["allowBlobPublicAccess"]!);

    [Fact] // Azure.Storage.LocalAuth
    public void Storage_refuses_shared_key_access() => Assert.False((bool)StorageProperties["allowSharedKeyAccess"]!);

    [Fact] // Azure.Storage.SoftDelete
    public void Deleted_blobs_can_be_restored()
        => Assert.True((bool)Template.One("Microsoft.Storage/storageAccounts/blobServices")["properties"]!["deleteRetentionPolicy"]!["enabled"]!);

    [Fact] // Azure.Storage.ContainerSoftDelete
    public void Deleted_containers_can_be_restored()
        => Assert.True((bool)Template.One("Microsoft.Storage/storageAccounts/blobServices")["properties"]!["containerDeleteRetentionPolicy"]!["enabled"]!);

    [Fact] // Azure.Storage.ContainerPublicAccess
    public void The_deployment_container_is_private()
        => Assert.Equal("None", (string?)Template.One("Microsoft.Storage/storageAccounts/blobServices/containers")["properties"]!["publicAccess"]);

    // ------------------------------------------------------------ function app

    [Fact] // Azure.AppService.UseHTTPS
    public void The_app_redirects_to_https() => Assert.True((bool)Site["properties"]!["httpsOnly"]!);

    [Fact] // Azure.AppService.MinTLS
    public void The_app_requires_tls_1_2()
    {
        Assert.Equal("1.2", (string?)SiteConfig["minTlsVersion"]);
        Assert.Equal("1.2", (string?)SiteConfig["scmMinTlsVersion"]);
    }

    [Fact] // Azure.AppService.HTTP2
    public void The_app_speaks_http_2() => Assert.True((bool)SiteConfig["http20Enabled"]!);

    [Fact] // Azure.AppService.WebSecureFtp
    public void Ftp_is_off() => Assert.Equal("Disabled", (string?)SiteConfig["ftpsState"]);

    [Fact] // Azure.AppService.RemoteDebug
    public void Remote_debugging_is_off() => Assert.False((bool)SiteConfig["remoteDebuggingEnabled"]!);

    [Fact] // Azure.AppService.ARRAffinity
    public void Arr_affinity_is_off() => Assert.False((bool)Site["properties"]!["clientAffinityEnabled"]!);

    [Fact] // Azure.AppService.ManagedIdentity
    public void The_app_runs_as_a_user_assigned_identity() => Assert.Equal("UserAssigned", (string?)Site["identity"]!["type"]);

    [Fact] // Azure.AppService.PublishingCredentials (basic publishing credentials off)
    public void Basic_publishing_credentials_are_off_for_ftp_and_scm()
    {
        var policies = Template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.Single(policies, policy => ((string)policy["name"]!).EndsWith("'ftp')]", StringComparison.Ordinal));
        Assert.Single(policies, policy => ((string)policy["name"]!).EndsWith("'scm')]", StringComparison.Ordinal));
        Assert.All(policies, policy => Assert.False((bool)policy["properties"]!["allow"]!));
    }

    [Fact] // Azure.AppService.CORS (no wildcard origin)
    public void Cors_allows_only_the_static_site_origin()
    {
        var origins = SiteConfig["cors"]!["allowedOrigins"]!.AsArray().Select(origin => (string)origin!).ToList();
        var origin = Assert.Single(origins);
        Assert.Equal("[parameters('siteOrigin')]", origin);
        var passed = (string)Template.OfType("Microsoft.Resources/deployments").Single(d => ((string)d["name"]!).Contains("functionApp", StringComparison.Ordinal))["properties"]!["parameters"]!["siteOrigin"]!["value"]!;
        Assert.Contains("webEndpoint", passed, StringComparison.Ordinal);
    }

    [Fact] // Azure.AppService.AppSettings (no keys or connection strings)
    public void No_app_setting_holds_an_account_key_or_a_connection_string()
    {
        var names = AppSettings.Select(setting => setting.Key).ToList();
        var values = AppSettings.Select(setting => setting.Value).ToList();
        Assert.DoesNotContain("AzureWebJobsStorage", names);
        Assert.Contains("AzureWebJobsStorage__accountName", names);
        Assert.Contains("managedidentity", values);
        Assert.All(values, value =>
        {
            Assert.DoesNotContain("AccountKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", value, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact] // Azure.AppInsights.LocalAuth, Azure.AppInsights.Workspace
    public void Telemetry_goes_to_a_log_analytics_workspace_with_entra_authentication()
    {
        var insights = Template.One("Microsoft.Insights/components")["properties"]!;
        Assert.NotNull(insights["WorkspaceResourceId"]);
        Assert.True((bool)insights["DisableLocalAuth"]!);
        Assert.Contains(AppSettings, setting => setting.Key == "APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
    }

    [Fact] // Flex Consumption, .NET 10 isolated, identity-based deployment storage
    public void The_app_is_a_dotnet_10_isolated_app_on_flex_consumption()
    {
        var plan = Template.One("Microsoft.Web/serverfarms");
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        var config = Site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
    }

    // -------------------------------------------------------------- identity

    private static readonly Dictionary<string, string> Roles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
    };

    private static IEnumerable<JsonObject> RoleAssignments => Template.OfType("Microsoft.Authorization/roleAssignments");

    [Fact] // Azure.Identity: least privilege, data-plane roles only
    public void The_identity_gets_only_data_plane_roles()
    {
        var variables = Template.Json.ToJsonString();
        var assigned = RoleAssignments.Select(assignment => (string)assignment["properties"]!["roleDefinitionId"]!).ToList();
        // The app: blobs (owner, for the host), tables, queues, telemetry, and secrets when a sign-in vault is named.
        // The deployer: blobs (the site), tables (moderators) and queues (follow-ups).
        Assert.Equal(8, assigned.Count);
        Assert.All(assigned, role => Assert.Contains("roleDefinitions", role, StringComparison.Ordinal));
        foreach (var role in Roles.Keys)
        {
            Assert.Contains(role, variables, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", variables, StringComparison.OrdinalIgnoreCase); // Owner
        Assert.DoesNotContain("b24988ac-6180-42a0-ab88-20f7382dd24c", variables, StringComparison.OrdinalIgnoreCase); // Contributor
        Assert.DoesNotContain("17d1049b-9a84-46fb-8f53-869881c3d3ab", variables, StringComparison.OrdinalIgnoreCase); // Storage Account Contributor
    }

    [Fact] // Azure.Identity: the queue trigger and the follow-up sender can use the follow-up queue, and only its data plane
    public void The_app_and_the_deployer_may_send_and_receive_queue_messages_on_the_storage_account()
    {
        var queueRoles = RoleAssignments.Where(assignment => Grants(assignment, "974c5e8b-45b9-4653-ba55-5f855dd0fb88")).ToList();

        Assert.Equal(2, queueRoles.Count);
        Assert.All(queueRoles, assignment => Assert.Contains("Microsoft.Storage/storageAccounts", (string)assignment["scope"]!, StringComparison.Ordinal));
        var app = Assert.Single(queueRoles, assignment => ((string)assignment["properties"]!["principalId"]!).Contains("userAssignedIdentities", StringComparison.Ordinal));
        Assert.Equal("ServicePrincipal", (string?)app["properties"]!["principalType"]);
        Assert.Null(app["condition"]);
        var deployer = Assert.Single(queueRoles, assignment => ((string)assignment["properties"]!["principalId"]!).Contains("deployerPrincipalId", StringComparison.Ordinal));
        Assert.NotNull(deployer["condition"]);
    }

    /// <summary>Whether an assignment's role is <paramref name="roleId"/>, written inline or through a template variable holding it.</summary>
    private static bool Grants(JsonObject assignment, string roleId)
    {
        var role = (string)assignment["properties"]!["roleDefinitionId"]!;
        return role.Contains(roleId, StringComparison.OrdinalIgnoreCase)
            || Variables(Template.Json).Any(variable => string.Equals(variable.Value, roleId, StringComparison.OrdinalIgnoreCase)
                && role.Contains($"variables('{variable.Key}')", StringComparison.Ordinal));
    }

    private static IEnumerable<KeyValuePair<string, string>> Variables(JsonObject template)
    {
        foreach (var variable in template["variables"]?.AsObject() ?? [])
        {
            if (variable.Value is JsonValue value && value.TryGetValue<string>(out var text))
            {
                yield return new(variable.Key, text);
            }
        }

        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(node => node!.AsObject()),
            JsonObject byName => byName.Select(pair => pair.Value!.AsObject()),
            _ => [],
        };
        foreach (var nested in resources.Select(resource => resource["properties"]?["template"]).OfType<JsonObject>())
        {
            foreach (var variable in Variables(nested))
            {
                yield return variable;
            }
        }
    }

    [Fact] // Role assignment names from scope, principal and role
    public void Role_assignment_names_combine_scope_principal_and_role()
    {
        Assert.All(RoleAssignments, assignment =>
        {
            var name = (string)assignment["name"]!;
            Assert.StartsWith("[guid(", name, StringComparison.Ordinal);
            Assert.Equal(2, name.Count(c => c == ',') - CountInner(name));
            Assert.True(
                name.Contains("userAssignedIdentities", StringComparison.Ordinal) || name.Contains("deployerPrincipalId", StringComparison.Ordinal),
                $"{name} does not name the principal");
        });

        static int CountInner(string expression)
        {
            // Commas inside nested calls such as resourceId('type', name) are not guid() arguments.
            var depth = 0;
            var inner = 0;
            foreach (var c in expression)
            {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                inner += c == ',' && depth > 1 ? 1 : 0;
            }

            return inner;
        }
    }
}
