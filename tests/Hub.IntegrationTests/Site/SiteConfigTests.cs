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
/// config.json, which the pages' script reads: the API's address and a button per sign-in
/// provider, named by id and label only. Readers can fetch it, so it never carries what the
/// function app alone must know.
/// </summary>
public sealed class SiteConfigTests(SignInHubServer hub) : IClassFixture<SignInHubServer>
{
    [Fact]
    public async Task Config_json_lists_each_provider_by_id_and_name_and_nothing_else()
    {
        using var site = Clients.From(hub.SiteAddress, Clients.NewAddress());

        var text = await site.GetStringAsync("/config.json");

        var config = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["apiBase", "signIn"], config.Select(property => property.Key));
        Assert.Equal(hub.BaseAddress.GetLeftPart(UriPartial.Authority), (string?)config["apiBase"]);
        var example = Assert.Single(config["signIn"]!.AsArray(), provider => (string?)provider!["id"] == "example")!.AsObject();
        Assert.Equal(["id", "name"], example.Select(property => property.Key));
        Assert.Equal("Example <ID>", (string?)example["name"]);
        Assert.All(config["signIn"]!.AsArray(), provider => Assert.Equal(["id", "name"], provider!.AsObject().Select(property => property.Key)));
        Assert.DoesNotContain(SignInHubServer.Issuer, text, StringComparison.Ordinal);
        Assert.DoesNotContain("login.example.org", text, StringComparison.Ordinal);
        Assert.DoesNotContain(SignInHubServer.ClientId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SignInHubServer.ClientSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
    }
}
