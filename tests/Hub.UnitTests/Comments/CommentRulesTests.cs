using Hub.Core.Comments;
using Hub.Core.Discussion;

namespace Hub.UnitTests.Comments;

/// <summary>
/// Where a new comment goes (<see cref="CommentRules.Evaluate"/>), rule by rule, in WordPress's
/// order: the honeypot, disallowed words, links, moderation words, hold all, known authors.
/// </summary>
public sealed class CommentRulesTests
{
    /// <summary>Rules that hold nothing: each test turns on the one it shows.</summary>
    private static readonly DiscussionSettings Open = new()
    {
        HoldAllComments = false,
        ApproveKnownAuthors = false,
        LinkLimit = 0,
        ModerationWords = "",
        DisallowedWords = "",
    };

    private static ValidComment Comment(
        string content = "Thanks for the report.", string name = "Ada", string email = "ada@example.org", string? url = null, bool honeypot = false)
        => new(name, email, url, content, ParentId: null, honeypot);

    [Theory]
    [InlineData("No links at all.", 0)]
    [InlineData("a.example without a scheme", 0)]
    [InlineData("ftp://a.example is not the web", 0)]
    [InlineData("awww.example (www not at a word's start)", 0)]
    [InlineData("https://a.example", 1)]
    [InlineData("http://a.example", 1)]
    [InlineData("HTTPS://A.EXAMPLE in capitals", 1)]
    [InlineData("www.a.example without a scheme", 1)]
    [InlineData("See https://a.example and www.b.example", 2)]
    [InlineData("https://a.example https://a.example (the same link twice)", 2)]
    [InlineData("Markdown: [the report](https://a.example)", 1)]
    [InlineData("Markdown autolink: <https://a.example>", 1)]
    [InlineData("Markdown: [a](https://a.example) and [b](http://b.example)", 2)]
    [InlineData("Markdown to a www address: [a](www.a.example)", 1)]
    [InlineData("Markup without quotes: <a href=https://a.example>report</a>", 1)]
    [InlineData("Markup to a relative address: <a href=\"/entries/x/\">x</a>", 1)]
    [InlineData("Markup to mail: <a href='mailto:x@example.org'>x</a>", 1)]
    [InlineData("Markup in capitals: <A HREF=/x>x</A>", 1)]
    [InlineData("Markup spread out: <a  class=\"x\"  href = \"/x\">x</a>", 1)]
    [InlineData("Markup without href: <a name=\"x\">x</a>", 0)]
    [InlineData("Markup with a quoted address: <a href=\"https://a.example\">report</a>", 1)]
    [InlineData("Markup with a quoted address: <a href='http://a.example'>report</a>", 1)]
    [InlineData("A scheme and www in one address: https://www.a.example", 1)]
    [InlineData("Markdown to a scheme and www: [report](https://www.a.example)", 1)]
    public void Links_are_counted_in_bare_urls_markup_and_markdown(string content, int links)
        => Assert.Equal(links, CommentRules.CountLinks(content));

    [Theory]
    [InlineData(2, "One link: https://a.example", CommentStatus.Approved, "comments are approved at once")]
    [InlineData(2, "Two: https://a.example and [b](https://b.example)", CommentStatus.Pending, "2 links (held at 2 or more)")]
    [InlineData(2, "Three: https://a.example www.b.example <a href=/c>c</a>", CommentStatus.Pending, "3 links (held at 2 or more)")]
    [InlineData(1, "One link: https://a.example", CommentStatus.Pending, "1 links (held at 1 or more)")]
    [InlineData(1, "No link.", CommentStatus.Approved, "comments are approved at once")]
    [InlineData(0, "0 is no limit: https://a https://b https://c https://d", CommentStatus.Approved, "comments are approved at once")]
    [InlineData(2, "One link: https://www.a.example", CommentStatus.Approved, "comments are approved at once")]
    [InlineData(2, "One link: <a href=\"https://a.example\">report</a>", CommentStatus.Approved, "comments are approved at once")]
    public void A_comment_with_as_many_links_as_the_limit_or_more_is_held(int linkLimit, string content, CommentStatus status, string rule)
        => Assert.Equal(new Verdict(status, rule), CommentRules.Evaluate(Comment(content), Open with { LinkLimit = linkLimit }, knownAuthor: false));

    /// <summary>The fields a word list is matched in, each row one field.</summary>
    public enum Field
    {
        Content,
        Name,
        Email,
        Url,
    }

    private static ValidComment With(Field field, string value) => field switch
    {
        Field.Content => Comment(content: value),
        Field.Name => Comment(name: value),
        Field.Email => Comment(email: value),
        _ => Comment(url: value),
    };

    [Theory]
    [InlineData("casino", Field.Content, "Visit the casino tonight", true)]
    [InlineData("casino", Field.Content, "Visit the CASINO tonight (case is ignored)", true)]
    [InlineData("casino", Field.Content, "Visit the casinos (a word inside a longer one)", true)]
    [InlineData("casino", Field.Name, "Casino Bot", true)]
    [InlineData("casino", Field.Email, "casino@example.org", true)]
    [InlineData("casino", Field.Url, "https://casino.example/", true)]
    [InlineData("free money", Field.Content, "Get free money now (a phrase)", true)]
    [InlineData("  casino  \n\n  poker \n", Field.Content, "Play poker (lines trimmed, blank lines skipped)", true)]
    [InlineData("casino", Field.Content, "A cas ino is not one", false)]
    [InlineData("", Field.Content, "An empty list matches nothing", false)]
    [InlineData("\n \n", Field.Content, "Blank lines match nothing", false)]
    public void A_disallowed_word_in_any_field_sends_the_comment_to_the_trash(string words, Field field, string value, bool trashed)
    {
        var verdict = CommentRules.Evaluate(With(field, value), Open with { DisallowedWords = words }, knownAuthor: false);

        Assert.Equal(trashed ? CommentStatus.Trash : CommentStatus.Approved, verdict.Status);
        if (trashed)
        {
            Assert.StartsWith("disallowed word \"", verdict.Rule, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("pharma", Field.Content, "Cheap PHARMA here", "moderation word \"pharma\"")]
    [InlineData("pharma", Field.Name, "Pharma Sales", "moderation word \"pharma\"")]
    [InlineData("pharma", Field.Email, "sales@pharma.example", "moderation word \"pharma\"")]
    [InlineData("pharma", Field.Url, "https://pharma.example/", "moderation word \"pharma\"")]
    [InlineData("first\n second \nthird", Field.Content, "the third word", "moderation word \"third\"")]
    [InlineData("first\nsecond", Field.Content, "second and first: the list's order names the rule", "moderation word \"first\"")]
    public void A_moderation_word_in_any_field_holds_the_comment_naming_the_word(string words, Field field, string value, string rule)
        => Assert.Equal(new Verdict(CommentStatus.Pending, rule), CommentRules.Evaluate(With(field, value), Open with { ModerationWords = words }, knownAuthor: false));

    [Theory]
    [InlineData(true, false, false, CommentStatus.Pending, "every comment is held for approval")]
    [InlineData(true, false, true, CommentStatus.Pending, "every comment is held for approval")]
    [InlineData(true, true, true, CommentStatus.Pending, "every comment is held for approval")]
    [InlineData(false, true, false, CommentStatus.Pending, "first comment from this name and email")]
    [InlineData(false, true, true, CommentStatus.Approved, "the author has an approved comment")]
    [InlineData(false, false, false, CommentStatus.Approved, "comments are approved at once")]
    [InlineData(false, false, true, CommentStatus.Approved, "the author has an approved comment")]
    public void Hold_all_then_known_authors_decide_a_comment_nothing_else_held(
        bool holdAll, bool approveKnownAuthors, bool knownAuthor, CommentStatus status, string rule)
        => Assert.Equal(
            new Verdict(status, rule),
            CommentRules.Evaluate(Comment(), Open with { HoldAllComments = holdAll, ApproveKnownAuthors = approveKnownAuthors }, knownAuthor));

    /// <summary>What a comment trips: each flag a rule it breaks, under rules that check every one of them.</summary>
    [Flags]
    public enum Trips
    {
        None = 0,
        Honeypot = 1,
        DisallowedWord = 2,
        Links = 4,
        ModerationWord = 8,
        HoldAll = 16,
        FirstComment = 32,
        All = Honeypot | DisallowedWord | Links | ModerationWord | HoldAll | FirstComment,
    }

    [Theory]
    [InlineData(Trips.All, CommentStatus.Spam, "the hidden honeypot field was filled in")]
    [InlineData(Trips.All & ~Trips.Honeypot, CommentStatus.Trash, "disallowed word \"casino\"")]
    [InlineData(Trips.Links | Trips.ModerationWord | Trips.HoldAll | Trips.FirstComment, CommentStatus.Pending, "1 links (held at 1 or more)")]
    [InlineData(Trips.ModerationWord | Trips.HoldAll | Trips.FirstComment, CommentStatus.Pending, "moderation word \"pharma\"")]
    [InlineData(Trips.HoldAll | Trips.FirstComment, CommentStatus.Pending, "every comment is held for approval")]
    [InlineData(Trips.FirstComment, CommentStatus.Pending, "first comment from this name and email")]
    [InlineData(Trips.None, CommentStatus.Approved, "the author has an approved comment")]
    [InlineData(Trips.Honeypot, CommentStatus.Spam, "the hidden honeypot field was filled in")]
    [InlineData(Trips.DisallowedWord, CommentStatus.Trash, "disallowed word \"casino\"")]
    [InlineData(Trips.DisallowedWord | Trips.ModerationWord, CommentStatus.Trash, "disallowed word \"casino\"")]
    [InlineData(Trips.Links, CommentStatus.Pending, "1 links (held at 1 or more)")]
    [InlineData(Trips.ModerationWord, CommentStatus.Pending, "moderation word \"pharma\"")]
    [InlineData(Trips.HoldAll, CommentStatus.Pending, "every comment is held for approval")]
    public void The_first_rule_a_comment_trips_decides_in_wordpress_order(Trips trips, CommentStatus status, string rule)
    {
        var rules = new DiscussionSettings
        {
            DisallowedWords = "casino",
            ModerationWords = "pharma",
            LinkLimit = 1,
            HoldAllComments = trips.HasFlag(Trips.HoldAll),
            ApproveKnownAuthors = true,
        };
        var content = string.Join(
            ' ',
            "A comment",
            trips.HasFlag(Trips.DisallowedWord) ? "about the casino" : "",
            trips.HasFlag(Trips.ModerationWord) ? "and pharma" : "",
            trips.HasFlag(Trips.Links) ? "at https://a.example" : "");

        var verdict = CommentRules.Evaluate(Comment(content, honeypot: trips.HasFlag(Trips.Honeypot)), rules, knownAuthor: !trips.HasFlag(Trips.FirstComment));

        Assert.Equal(new Verdict(status, rule), verdict);
    }
}
