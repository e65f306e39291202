using Hub.Functions.Auth;

namespace Hub.UnitTests.SignIn;

/// <summary>A sign-in returns only to a page on the site's own origin: the hub is never an open redirect.</summary>
public sealed class ReturnAddressTests
{
    private const string Site = "https://hub.example.org";

    [Theory]
    [InlineData("https://hub.example.org/entries/clearview/", "https://hub.example.org/entries/clearview/")]
    [InlineData("https://hub.example.org/entries/clearview/?page=2#comments", "https://hub.example.org/entries/clearview/?page=2")]
    [InlineData("https://HUB.example.org/", "https://hub.example.org/")]
    [InlineData("https://hub.example.org:443/", "https://hub.example.org/")]
    public void A_page_on_the_site_is_accepted_without_its_fragment(string returnTo, string expected)
        => Assert.Equal(expected, ReturnAddress.Check(returnTo, Site));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/entries/clearview/")]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("https://hub.example.org.evil.example/")]
    [InlineData("https://evil.example/?https://hub.example.org/")]
    [InlineData("http://hub.example.org/")]
    [InlineData("https://hub.example.org:8443/")]
    [InlineData("https://user@hub.example.org/")]
    [InlineData("javascript:alert(1)//hub.example.org")]
    [InlineData("data:text/html,hub.example.org")]
    public void Anywhere_else_is_refused(string? returnTo) => Assert.Null(ReturnAddress.Check(returnTo, Site));

    [Fact]
    public void An_address_longer_than_the_limit_is_refused()
        => Assert.Null(ReturnAddress.Check(Site + "/?q=" + new string('a', ReturnAddress.MaxLength), Site));
}
