using Hub.Core.Audit;
using Hub.Core.Comments;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Entries;
using Hub.Core.FollowUps;
using Hub.Core.Publishing;

namespace Hub.UnitTests.FollowUps;

/// <summary>What each kind of change records for its follow-up: decided from the change alone.</summary>
public sealed class FollowUpTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, CommentStatus?, CommentStatus?, bool> CommentChanges => new()
    {
        { "a held post", null, CommentStatus.Pending, false },
        { "a post approved at once", null, CommentStatus.Approved, true },
        { "an approval", CommentStatus.Pending, CommentStatus.Approved, true },
        { "an approval taken back", CommentStatus.Approved, CommentStatus.Pending, true },
        { "spam to trash", CommentStatus.Spam, CommentStatus.Trash, false },
        { "an approved comment withdrawn", CommentStatus.Approved, null, true },
        { "a held comment erased", CommentStatus.Pending, null, false },
    };

    [Theory]
    [MemberData(nameof(CommentChanges))]
    public void A_comment_change_renders_the_page_only_when_the_approved_comments_change(string because, CommentStatus? from, CommentStatus? to, bool renders)
    {
        var comment = new CommentEntity { EntryId = "entry-1", Id = "0638000000000000000123456", CreatedAt = At, Status = (from ?? to)!.Value.ToApi() };
        var followUp = CommentData.FollowUp(comment, new AuditEvent("maintainer", "status-changed"), "The title", from, to);
        Assert.True(renders == followUp.Public, because);
        Assert.Equal(("entry-1", "0638000000000000000123456", At, "The title"), (followUp.EntryId, followUp.CommentId, followUp.CommentCreatedAt, followUp.EntryTitle));
    }

    private static Entry Entry(string title = "Title", string? body = null, string[]? tags = null, string? category = "contracts", DateOnly? on = null)
        => new("entry-1", title, "Summary", new Uri("https://example.org/"), "Source", on ?? new DateOnly(2024, 1, 1), category, tags ?? ["one"], false, At, At, Body: body);

    public static TheoryData<string, Entry, string> Saves => new()
    {
        { "the same again", Entry(), "no change" },
        { "a new title", Entry(title: "New"), "title" },
        { "a new body and tags", Entry(body: "Now with a body", tags: ["one", "two"]), "body, tags" },
        { "moved to another category and date", Entry(category: "reports", on: new DateOnly(2025, 2, 3)), "publishedOn, category" },
    };

    [Theory]
    [MemberData(nameof(Saves))]
    public void An_entry_save_is_audited_with_the_fields_it_changed(string because, Entry after, string fields)
    {
        var followUp = EntryLifecycle.Saved("maintainer", "entry-1", Entry(), after);
        Assert.Equal(("maintainer", "entry-saved", "entry-1", fields), (followUp.Audit.Actor, followUp.Audit.Action, followUp.Audit.EntryId, followUp.Audit.Rule));
        Assert.True(Same(followUp.Before, EntryListing.Of(Entry())) && Same(followUp.After, EntryListing.Of(after)), because);
    }

    [Fact]
    public void A_new_entry_and_a_deleted_one_name_the_lists_they_join_and_leave()
    {
        var created = EntryLifecycle.Saved("maintainer", "entry-1", null, Entry());
        var deleted = EntryLifecycle.Deleted("maintainer", "entry-1", Entry());
        Assert.Equal(("entry-created", (EntryListing?)null), (created.Audit.Action, created.Before));
        Assert.Equal(("entry-deleted", (EntryListing?)null), (deleted.Audit.Action, deleted.After));
        Assert.True(Same(EntryListing.Of(Entry()), deleted.Before));
    }

    private static bool Same(EntryListing? left, EntryListing? right)
        => left is not null && right is not null && left.PublishedOn == right.PublishedOn && left.Category == right.Category && left.Tags.SequenceEqual(right.Tags);

    public static TheoryData<string, FollowUp> Kinds => new()
    {
        { "comment", new CommentChanged(new AuditEvent("commenter", "submitted", "entry-1", "c1", ToStatus: "pending"), "entry-1", "c1", At, "author-key", "The title", Notify: true, Public: false) },
        { "entry", new EntryChanged(new AuditEvent("maintainer", "entry-saved", "entry-1"), "entry-1", new EntryListing(new DateOnly(2024, 1, 1), "contracts", ["one"]), new EntryListing(null, null, [])) },
        { "rules", new RulesChanged(new AuditEvent("maintainer", "settings-changed")) },
        { "moderator", new ModeratorChanged(new AuditEvent("cli", "moderator-added", Rule: "ada")) },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_of_follow_up_round_trips_through_its_record_with_its_kind_named(string kind, FollowUp work)
    {
        var record = FollowUpRecord.For(new FollowUpAddress("Comments", "entry-1", FollowUpAddress.NewId(At)), At, work);
        Assert.Contains($"\"kind\":\"{kind}\"", record.Work, StringComparison.Ordinal);
        var read = record.Read();
        Assert.Equal(work.GetType(), read!.GetType());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(work, Hub.Core.HubJsonContext.Default.FollowUp), System.Text.Json.JsonSerializer.Serialize(read, Hub.Core.HubJsonContext.Default.FollowUp));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"kind\":\"thumbnail\",\"audit\":{\"actor\":\"x\",\"action\":\"y\"}}")]
    [InlineData("not json")]
    public void A_record_this_build_cannot_read_is_null_not_an_exception(string work)
        => Assert.Null(new FollowUpRecord { Work = work }.Read());
}
