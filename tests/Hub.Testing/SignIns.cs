using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Hub.Testing;

/// <summary>
/// A commenter's sign-in through the local host's stand-in issuer, over real HTTP and one
/// redirect at a time, as a browser follows them: the API's start, the issuer's authorize (with
/// <c>login_hint</c>, so no form), the API's callback, and the page address it ends at.
/// </summary>
public static class SignIns
{
    public const string Provider = "local";
    public const string ProviderName = "Local test sign-in";
    public const string Browser = "test-browser-0123456789";

    /// <summary>A client that does not follow redirects, so each step's answer can be read.</summary>
    public static HttpClient Stepwise() => new(new SocketsHttpHandler { AllowAutoRedirect = false });

    /// <summary>The start address for a page of the site.</summary>
    public static Uri Start(this HubServer hub, string returnTo, string? loginHint = null, string provider = Provider)
        => new(hub.BaseAddress, QueryHelpers.AddQueryString($"/api/auth/{provider}/start", new Dictionary<string, string?>
        {
            ["returnTo"] = returnTo,
            ["browser"] = Browser,
            ["loginHint"] = loginHint,
        }.Where(pair => pair.Value is not null)));

    /// <summary>The local host's stand-in for an OAuth 2.0 kind: its provider id and the name the hub shows for it.</summary>
    public static (string Id, string Name) StandIn(string kind) => ($"local-{kind}", kind switch
    {
        "wordpress-com" => "WordPress.com (local stand-in)",
        "github" => "GitHub (local stand-in)",
        "facebook" => "Facebook (local stand-in)",
        "x" => "X (local stand-in)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    });

    /// <summary>Signs in as <paramref name="name"/> and returns the address the hub sent the browser back to.</summary>
    public static async Task<Uri> SignInAsync(this HubServer hub, string name, string? returnTo = null, string provider = Provider)
    {
        using var browser = Stepwise();
        var toIssuer = await RedirectAsync(browser, hub.Start(returnTo ?? new Uri(hub.SiteAddress, "/").ToString(), name, provider), HttpStatusCode.Found);
        var toCallback = await RedirectAsync(browser, toIssuer, HttpStatusCode.Found);
        return await RedirectAsync(browser, toCallback, HttpStatusCode.SeeOther);
    }

    /// <summary>Signs in as <paramref name="name"/> and returns the commenter token from the fragment.</summary>
    public static async Task<string> CommenterTokenAsync(this HubServer hub, string name, string provider = Provider)
    {
        var fragment = QueryHelpers.ParseQuery((await hub.SignInAsync(name, provider: provider)).Fragment.TrimStart('#'));
        Assert.Equal(Browser, fragment["browser"].ToString());
        return fragment["signed-in"].ToString() is { Length: > 0 } token ? token : throw new InvalidOperationException("The sign-in did not end signed in.");
    }

    /// <summary>A client that posts as the signed-in commenter, from an address of its own.</summary>
    public static HttpClient Commenter(this HubServer hub, string token)
    {
        var client = Clients.From(hub.BaseAddress, Clients.NewAddress());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Commenter", token);
        return client;
    }

    /// <summary>Posts as the commenter: content only, the name is the identity's.</summary>
    public static Task<HttpResponseMessage> PostSignedInAsync(this HttpClient commenter, string entryId, JsonObject comment)
        => commenter.PostAsync($"/api/resources/{entryId}/comments", System.Net.Http.Json.JsonContent.Create(comment));

    public static async Task<Uri> RedirectAsync(HttpClient browser, Uri address, HttpStatusCode expected)
    {
        using var response = await browser.GetAsync(address);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {address.GetLeftPart(UriPartial.Path)}: {(int)response.StatusCode} {body}");
        return response.Headers.Location is { IsAbsoluteUri: true } location ? location : new Uri(address, response.Headers.Location!);
    }
}
