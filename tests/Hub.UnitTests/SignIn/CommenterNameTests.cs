using System.Security.Claims;
using Hub.Core.Comments;
using Hub.Core.Settings;
using Hub.Functions.Auth;

namespace Hub.UnitTests.SignIn;

/// <summary>The name a signed-in commenter is shown by: a profile claim, cleaned, and never one that looks like an email.</summary>
public sealed class CommenterNameTests
{
    private static readonly SignInProvider Google = new() { Id = "google", Name = "Google" };

    [Theory]
    [InlineData("name=Ada Lovelace", "Ada Lovelace")]
    [InlineData("name=  Ada   Lovelace  ", "Ada Lovelace")]
    [InlineData("given_name=Ada|family_name=Lovelace", "Ada Lovelace")]
    [InlineData("name=|given_name=Ada", "Ada")]
    [InlineData("nickname=ada", "ada")]
    [InlineData("name=ada@example.org|nickname=ada", "ada")]
    [InlineData("preferred_username=ada@example.org", "Google user")]
    [InlineData("name=ada@example.org", "Google user")]
    [InlineData("", "Google user")]
    [InlineData("name=Ada\u0007 Lovelace", "Lovelace")]
    public void The_name_comes_from_the_profile_claims(string claims, string expected)
        => Assert.Equal(expected, CommenterName.From(Claims(claims), Google));

    [Fact]
    public void A_long_name_is_cut_to_the_longest_a_comment_allows()
        => Assert.Equal(CommentValidator.NameMaxLength, CommenterName.From(Claims("name=" + new string('a', 300)), Google).Length);

    private static ClaimsIdentity Claims(string text)
        => new(text.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(pair => new Claim(pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..])));
}
