using Hub.Core.Settings;
using Hub.Site.Publishing;
using Hub.Site.Rendering;
using Microsoft.Extensions.Options;

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
    [InlineData("site", "https://other.example", "https://api.hub.example", "google", "Google", Assets)]
    [InlineData("api", "https://hub.example", "https://api.other.example", "google", "Google", Assets)]
    [InlineData("provider id", "https://hub.example", "https://api.hub.example", "gitlab", "Google", Assets)]
    [InlineData("provider label", "https://hub.example", "https://api.hub.example", "google", "Google Account", Assets)]
    [InlineData("assets", "https://hub.example", "https://api.hub.example", "google", "Google", "77be")]
    [InlineData("no assets", "https://hub.example", "https://api.hub.example", "google", "Google", null)]
    public void Each_input_pages_depend_on_changes_the_version(string changed, string publicUrl, string apiUrl, string providerId, string providerName, string? assets)
        => Assert.True(Version(Settings.Default) != Version(new Settings(publicUrl, apiUrl, providerId, providerName, assets)), changed);

    [Fact]
    public void A_provider_s_secret_is_not_part_of_it()
    {
        var options = SignIn("google", "Google");
        var other = SignIn("google", "Google");
        other.Providers[0].ClientSecret = "rotated";
        Assert.Equal(new RenderVersion(Site(Settings.Default), Options.Create(options)).Of(Assets), new RenderVersion(Site(Settings.Default), Options.Create(other)).Of(Assets));
    }

    private static string Version(Settings settings)
        => new RenderVersion(Site(settings), Options.Create(SignIn(settings.ProviderId, settings.ProviderName))).Of(settings.Assets);

    private static SiteContext Site(Settings settings) => new(settings.PublicUrl, settings.ApiUrl);

    private static HubSignInOptions SignIn(string id, string name)
        => new() { Providers = [new SignInProvider { Id = id, Name = name, Issuer = "https://issuer.example", ClientId = "hub", ClientSecret = "secret" }] };

    private sealed record Settings(string PublicUrl, string ApiUrl, string ProviderId, string ProviderName, string? Assets)
    {
        public static readonly Settings Default = new("https://hub.example", "https://api.hub.example", "google", "Google", RenderVersionTests.Assets);
    }
}
