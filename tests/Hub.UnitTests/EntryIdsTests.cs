using Hub.Core.Entries;

namespace Hub.UnitTests;

public sealed class EntryIdsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("amazon-rekognition")]
    [InlineData("2019-jedi-contract")]
    public void Slugs_are_valid(string id) => Assert.True(EntryIds.IsValid(id));

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0000b")]
    [InlineData("a\tb")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData("a--b")]
    [InlineData("a b")]
    [InlineData("é")]
    [InlineData("trailing-newline\n")]
    public void Anything_else_is_not(string id) => Assert.False(EntryIds.IsValid(id));

    [Fact]
    public void The_limit_is_80_characters()
    {
        Assert.True(EntryIds.IsValid(new string('a', 80)));
        Assert.False(EntryIds.IsValid(new string('a', 81)));
    }
}
