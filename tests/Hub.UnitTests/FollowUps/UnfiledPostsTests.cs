using Azure.Data.Tables;
using Hub.Core.Comments.ModerationTable;

namespace Hub.UnitTests.FollowUps;

/// <summary>
/// How a personal-data request finds an author's posts whose follow-ups have not filed them: the
/// author's row lists them, and the list is read against the author index read with it.
/// </summary>
public sealed class UnfiledPostsTests
{
    private const string First = "0639322909654400167fb7d96";
    private const string Second = "0639322909654400168ab7d97";
    private const string FirstFollowUp = "063932290966092944252596772";
    private const string SecondFollowUp = "063932290966092944352596773";

    public static TheoryData<string, string?, string[], string[]> Lists => new()
    {
        { "no row: no post listed", null, [], [] },
        { "a post not filed yet", $"e/{First}/{FirstFollowUp}", [], [First] },
        { "a post the index now holds", $"e/{First}/{FirstFollowUp}", [First], [] },
        { "one filed, one not", $"e/{First}/{FirstFollowUp},e/{Second}/{SecondFollowUp}", [First], [Second] },
        { "an item not in the shape written is skipped", $"e/{First},e/{Second}/{SecondFollowUp}", [], [Second] },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void The_posts_listed_and_not_in_the_index_are_the_unfiled_ones(string because, string? listed, string[] indexed, string[] unfiled)
    {
        var row = listed is null ? null : new TableEntity("moderation", "who|key") { [UnfiledPosts.Property] = listed };
        var author = new AuthorRecord(row, [.. indexed.Select(id => new AuthorEntity { EntryId = "e", CommentId = id })]);

        Assert.True(unfiled.SequenceEqual(UnfiledPosts.Of(author).Select(post => post.CommentId)), because);
    }

    [Fact]
    public void What_is_written_is_read_back_with_each_post_s_follow_up()
    {
        var row = new TableEntity("moderation", "who|key") { [UnfiledPosts.Property] = "stale" };
        UnfiledPosts.Write(row, [new UnfiledPost("e", First, FirstFollowUp), new UnfiledPost("f", Second, SecondFollowUp)]);

        var read = UnfiledPosts.Of(new AuthorRecord(row, []));

        Assert.Equal([("Comments", "e", FirstFollowUp), ("Comments", "f", SecondFollowUp)], read.Select(post => (post.FollowUp.Table, post.FollowUp.Partition, post.FollowUp.Id)));
        UnfiledPosts.Write(row, []);
        Assert.False(row.ContainsKey(UnfiledPosts.Property));
    }
}
