using Hub.Core.Comments;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;

namespace Hub.UnitTests.Comments;

/// <summary>
/// What the moderation check makes of a comment and its queue row read side by side
/// (<c>QueueDrift</c>): only settled changes are judged, and each way a row can differ from its
/// comment is named, so the check files again exactly what is wrong.
/// </summary>
public sealed class QueueDriftTests
{
    private static readonly DateTimeOffset Settled = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A comment (changed so many minutes before the settled time: negative is after it) and the
    /// row under its status: none, or one of some version and title; the entry saved so many
    /// minutes before; what the comment's side of the check says.
    /// </summary>
    [Theory]
    [InlineData(10, "v1", "Title", 60, "Right")]
    [InlineData(-1, null, null, 60, "Settling")]
    [InlineData(-1, "v0", "Title", 60, "Settling")]
    [InlineData(10, null, null, 60, "Missing")]
    [InlineData(10, "v0", "Title", 60, "Stale")]
    [InlineData(10, "v0", "Old title", 60, "Stale")]
    [InlineData(10, "v1", "Old title", 60, "Retitled")]
    [InlineData(10, "v1", "Old title", -1, "Right")]
    [InlineData(0, null, null, 60, "Settling")]
    public void A_comment_is_judged_by_the_row_under_its_status(int changedMinutesBefore, string? rowVersion, string? rowTitle, int savedMinutesBefore, string expected)
    {
        var comment = Comment(CommentStatus.Pending, "v1", Settled.AddMinutes(-changedMinutesBefore));
        var row = rowVersion is null ? null : Row(rowVersion, rowTitle, Settled.AddHours(-1));
        Assert.Equal(Enum.Parse<Filed>(expected), QueueDrift.OfComment(comment, row, new EntryTitle("Title", Settled.AddMinutes(-savedMinutesBefore)), Settled));
    }

    /// <summary>
    /// A row in the pending tab, its comment written so many minutes before the settled time, and
    /// its comment: gone (null), or in some status, changed so many minutes before, of some version;
    /// what the queue's side of the check says.
    /// </summary>
    [Theory]
    [InlineData(60, "pending", 10, "v1", "Right")]
    [InlineData(60, null, 0, null, "Orphan")]
    [InlineData(-1, null, 0, null, "Settling")]
    [InlineData(60, "approved", 10, "v2", "WrongTab")]
    [InlineData(60, "approved", -1, "v2", "Settling")]
    [InlineData(60, "pending", 10, "v2", "Stale")]
    [InlineData(60, "pending", -1, "v2", "Settling")]
    public void A_queue_row_is_judged_by_its_comment(int writtenMinutesBefore, string? status, int changedMinutesBefore, string? version, string expected)
    {
        var row = Row("v1", "Title", Settled.AddMinutes(-writtenMinutesBefore));
        var comment = status is null ? null : Comment(Enum.Parse<CommentStatus>(status, ignoreCase: true), version!, Settled.AddMinutes(-changedMinutesBefore));
        Assert.Equal(Enum.Parse<Filed>(expected), QueueDrift.OfRow(row, CommentStatus.Pending, comment, new EntryTitle("Title", Settled.AddHours(-1)), Settled));
    }

    [Fact]
    public void A_row_of_an_entry_that_is_gone_shows_no_title()
    {
        var comment = Comment(CommentStatus.Pending, "v1", Settled.AddHours(-1));
        Assert.Equal(Filed.Retitled, QueueDrift.OfComment(comment, Row("v1", "Title", Settled.AddHours(-1)), EntryTitle.Gone, Settled));
        Assert.Equal(Filed.Right, QueueDrift.OfComment(comment, Row("v1", null, Settled.AddHours(-1)), EntryTitle.Gone, Settled));
    }

    private static CommentEntity Comment(CommentStatus status, string version, DateTimeOffset changedAt) => new()
    {
        EntryId = "entry",
        Id = CommentId.New(Settled.AddDays(-1)),
        Status = status.ToApi(),
        Version = version,
        CreatedAt = Settled.AddDays(-1),
        StatusChangedAt = changedAt,
    };

    private static QueueEntity Row(string version, string? title, DateTimeOffset createdAt) => new()
    {
        EntryId = "entry",
        CommentId = CommentId.New(createdAt),
        Status = "pending",
        Version = version,
        EntryTitle = title,
        CreatedAt = createdAt,
    };
}
