using System.Text.Json.Nodes;
using Hub.Testing;

namespace Hub.IntegrationTests.Site;

/// <summary>The local host with one sign-in provider configured, as a maintainer would add Google.</summary>
public sealed class SignInHubServer : HubServer
{
    public const string Issuer = "https://login.example.org/issuer-of-the-test";
    public const string ClientId = "client-id-of-the-test";
    public const string ClientSecret = "client-secret-of-the-test";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Hub:SignIn:Providers:0:Id"] = "example",
        ["Hub:SignIn:Providers:0:Name"] = "Example <ID>",
        ["Hub:SignIn:Providers:0:Issuer"] = Issuer,
        ["Hub:SignIn:Providers:0:ClientId"] = ClientId,
        ["Hub:SignIn:Providers:0:ClientSecret"] = ClientSecret,
    };
}

/// <summary>
/// What readers can fetch about the sign-in providers: an entry page carries a button per provider,
/// named by id and label only, and config.json (the console's) only the API's address. Neither
/// carries what the function app alone must know.
/// </summary>
public sealed class SiteConfigTests(SignInHubServer hub) : IClassFixture<SignInHubServer>
{
    [Fact]
    public async Task Config_json_names_the_api_and_nothing_else()
    {
        using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());

        var text = await site.GetStringAsync("/config.json");

        var config = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["apiBase"], config.Select(property => property.Key));
        Assert.Equal(hub.BaseAddress.GetLeftPart(UriPartial.Authority), (string?)config["apiBase"]);
        AssertNothingPrivate(text);
    }

    [Fact]
    public async Task An_entry_page_carries_each_provider_s_button_by_id_and_label_and_nothing_else()
    {
        using var maintainer = hub.Maintainer();
        var (entry, _) = await maintainer.NewEntryAsync();
        using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());

        var page = await site.GetStringAsync($"/entries/{entry}/");

        Assert.Contains($"href=\"{hub.BaseAddress.GetLeftPart(UriPartial.Authority)}/api/auth/example/start?returnTo=", page, StringComparison.Ordinal);
        Assert.Contains("Sign in with Example &lt;ID&gt;</a>", page, StringComparison.Ordinal);
        AssertNothingPrivate(page);
    }

    private static void AssertNothingPrivate(string text)
    {
        Assert.DoesNotContain(SignInHubServer.Issuer, text, StringComparison.Ordinal);
        Assert.DoesNotContain("login.example.org", text, StringComparison.Ordinal);
        Assert.DoesNotContain(SignInHubServer.ClientId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SignInHubServer.ClientSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
    }
}
