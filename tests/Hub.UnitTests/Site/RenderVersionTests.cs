using Hub.Core.Settings;
using Hub.Site.Publishing;
using Hub.Site.Rendering;

namespace Hub.UnitTests.Site;

/// <summary>
/// The render version (<see cref="RenderVersion"/>): the same inputs give the same version (so an
/// idle check finds nothing to do), and each input that changes what pages say gives a new one (so
/// the site is published once more).
/// </summary>
public sealed class RenderVersionTests
{
    private const string Assets = "3f2a";

    [Fact]
    public void The_same_rendering_gives_the_same_version()
        => Assert.Equal(Version(Settings.Default), Version(Settings.Default));

    [Theory]
    [InlineData("site", "https://other.example", "https://api.hub.example", "google", "Google", Google, null, Assets)]
    [InlineData("api", "https://hub.example", "https://api.other.example", "google", "Google", Google, null, Assets)]
    [InlineData("provider id", "https://hub.example", "https://api.hub.example", "gitlab", "Google", Google, null, Assets)]
    [InlineData("provider label", "https://hub.example", "https://api.hub.example", "google", "Google Account", Google, null, Assets)]
    [InlineData("provider issuer, and so its mark", "https://hub.example", "https://api.hub.example", "google", "Google", "https://issuer.example", null, Assets)]
    [InlineData("provider kind, and so its mark", "https://hub.example", "https://api.hub.example", "google", "Google", "", SignInKinds.GitHub, Assets)]
    [InlineData("assets", "https://hub.example", "https://api.hub.example", "google", "Google", Google, null, "77be")]
    [InlineData("no assets", "https://hub.example", "https://api.hub.example", "google", "Google", Google, null, null)]
    public void Each_input_pages_depend_on_changes_the_version(string changed, string publicUrl, string apiUrl, string providerId, string providerName, string issuer, string? kind, string? assets)
        => Assert.True(Version(Settings.Default) != Version(new Settings(publicUrl, apiUrl, providerId, providerName, issuer, kind, assets)), changed);

    [Fact]
    public void A_provider_s_client_and_secret_are_not_part_of_it()
    {
        var other = SignIn(Settings.Default);
        other.Providers[0].ClientId = "another-registration";
        other.Providers[0].ClientSecret = "rotated";
        Assert.Equal(Version(Settings.Default), new RenderVersion(new SiteContext(new HubSiteOptions { PublicUrl = Settings.Default.PublicUrl, ApiUrl = Settings.Default.ApiUrl }, other)).Of(Assets));
    }

    private const string Google = "https://accounts.google.com";

    private static string Version(Settings settings)
        => new RenderVersion(new SiteContext(new HubSiteOptions { PublicUrl = settings.PublicUrl, ApiUrl = settings.ApiUrl }, SignIn(settings))).Of(settings.Assets);

    private static HubSignInOptions SignIn(Settings settings)
        => new() { Providers = [new SignInProvider { Id = settings.ProviderId, Name = settings.ProviderName, Issuer = settings.Issuer, Kind = settings.Kind, ClientId = "hub", ClientSecret = "secret" }] };

    private sealed record Settings(string PublicUrl, string ApiUrl, string ProviderId, string ProviderName, string Issuer, string? Kind, string? Assets)
    {
        public static readonly Settings Default = new("https://hub.example", "https://api.hub.example", "google", "Google", Google, null, RenderVersionTests.Assets);
    }
}
