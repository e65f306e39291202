using Hub.Core.Settings;

namespace Hub.Site.Rendering;

/// <summary>
/// A provider as the entry pages offer it: "Sign in with {Name}", its mark, and the API's start
/// route for its id. Nothing else of the provider (issuer, client id, secret) reaches a page.
/// </summary>
public sealed record SignInButton(string Id, string Name, ProviderMark Mark)
{
    /// <summary>The buttons for the configured providers, in their order.</summary>
    public static IReadOnlyList<SignInButton> For(HubSignInOptions options)
        => [.. options.Providers.Select(provider => new SignInButton(provider.Id, provider.Name, ProviderMark.For(provider)))];

    /// <summary>The API's route that starts signing in and comes back to <paramref name="returnTo"/>.</summary>
    public string StartUrl(string apiUrl, string returnTo)
        => $"{apiUrl}/api/auth/{Uri.EscapeDataString(Id)}/start?returnTo={Uri.EscapeDataString(returnTo)}";
}
