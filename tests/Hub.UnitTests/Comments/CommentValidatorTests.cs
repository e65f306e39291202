using Hub.Core.Comments;
using Hub.Core.Discussion;
using Hub.Core.Validation;

namespace Hub.UnitTests.Comments;

/// <summary>WordPress's field rules for a comment (<see cref="CommentValidator"/>), one case a row.</summary>
public sealed class CommentValidatorTests
{
    private static readonly CommentSubmission Valid = new(
        AuthorName: "Ada",
        AuthorEmail: "ada@example.org",
        AuthorUrl: "https://example.org/ada",
        Content: "Thanks for the report.",
        ParentId: null,
        Subject: null);

    private const string SingleLine = "must be a single line without control characters";

    private static (ValidComment? Comment, IDictionary<string, string[]> Errors, bool TooLong) Validate(CommentSubmission submission, DiscussionSettings? settings = null)
    {
        var errors = new ValidationErrors();
        var comment = CommentValidator.Validate(submission, settings ?? new DiscussionSettings(), errors, out var tooLong);
        return (comment, errors.ToDictionary(), tooLong);
    }

    [Fact]
    public void A_valid_comment_is_trimmed_and_kept()
    {
        var (comment, errors, tooLong) = Validate(Valid with { AuthorName = "  Ada  ", Content = "\n Thanks. \n" });

        Assert.Empty(errors);
        Assert.False(tooLong);
        Assert.Equal(new ValidComment("Ada", "ada@example.org", "https://example.org/ada", "Thanks.", null, FilledHoneypot: false), comment);
    }

    [Theory]
    [InlineData("authorName", "", "is required")]
    [InlineData("authorName", "   ", "is required")]
    [InlineData("authorName", "Ada\nLovelace", SingleLine)]
    [InlineData("authorName", "Ada\u0000", SingleLine)]
    [InlineData("authorName", "Ada\tLovelace", SingleLine)]
    [InlineData("authorEmail", "", "is required")]
    [InlineData("authorEmail", "ada", "must be an email address")]
    [InlineData("authorEmail", "ada@localhost", "must be an email address")]
    [InlineData("authorEmail", "Ada <ada@example.org>", "must be an email address")]
    [InlineData("authorEmail", "ada@example.org\u0007", SingleLine)]
    [InlineData("authorUrl", "javascript:alert(1)", HttpUrl.Rule)]
    [InlineData("authorUrl", "//example.org/ada", HttpUrl.Rule)]
    [InlineData("authorUrl", "mailto:ada@example.org", HttpUrl.Rule)]
    [InlineData("authorUrl", "example.org", HttpUrl.Rule)]
    [InlineData("content", "", "is required")]
    [InlineData("content", " \n\t ", "is required")]
    [InlineData("content", "Thanks\u0000", "must not contain control characters other than line breaks and tabs")]
    [InlineData("content", "Thanks\u001b[31m", "must not contain control characters other than line breaks and tabs")]
    [InlineData("parentId", "42", CommentId.Rule)]
    [InlineData("parentId", "0639000000000000000ABCDEF", CommentId.Rule)]
    [InlineData("parentId", "063900000000000000abcdef", CommentId.Rule)]
    [InlineData("parentId", "", CommentId.Rule)]
    public void A_bad_field_is_refused_naming_the_field_and_the_rule(string field, string value, string rule)
    {
        var (comment, errors, tooLong) = Validate(field switch
        {
            "authorName" => Valid with { AuthorName = value },
            "authorEmail" => Valid with { AuthorEmail = value },
            "authorUrl" => Valid with { AuthorUrl = value },
            "content" => Valid with { Content = value },
            _ => Valid with { ParentId = value },
        });

        Assert.Null(comment);
        Assert.False(tooLong);
        Assert.Equal([field], errors.Keys);
        Assert.Equal(rule, errors[field][0]);
    }

    [Theory]
    [InlineData("authorName", CommentValidator.NameMaxLength)]
    [InlineData("authorEmail", CommentValidator.EmailMaxLength)]
    [InlineData("authorUrl", CommentValidator.UrlMaxLength)]
    public void A_field_one_character_over_its_wordpress_length_is_refused_as_a_bad_field(string field, int maxLength)
    {
        string Sized(int length) => field switch
        {
            "authorEmail" => new string('a', length - "@example.org".Length) + "@example.org",
            "authorUrl" => "https://example.org/" + new string('a', length - "https://example.org/".Length),
            _ => new string('a', length),
        };
        CommentSubmission With(string value) => field switch
        {
            "authorName" => Valid with { AuthorName = value },
            "authorEmail" => Valid with { AuthorEmail = value },
            _ => Valid with { AuthorUrl = value },
        };

        Assert.Empty(Validate(With(Sized(maxLength))).Errors);
        var (comment, errors, tooLong) = Validate(With(Sized(maxLength + 1)));

        Assert.Null(comment);
        Assert.False(tooLong);
        Assert.Equal([$"must be at most {maxLength} characters"], errors[field]);
    }

    [Theory]
    [InlineData(5_000, 5_000, false)]
    [InlineData(5_000, 5_001, true)]
    [InlineData(10, 11, true)]
    [InlineData(DiscussionSettings.MaxCommentLengthCeiling, DiscussionSettings.MaxCommentLengthCeiling, false)]
    public void Content_over_the_rules_length_is_too_long_a_413(int maxCommentLength, int length, bool refused)
    {
        var (comment, errors, tooLong) = Validate(Valid with { Content = new string('a', length) }, new DiscussionSettings { MaxCommentLength = maxCommentLength });

        Assert.Equal(refused, tooLong);
        Assert.Equal(refused, comment is null);
        Assert.Equal(refused ? [$"must be at most {maxCommentLength} characters"] : null, errors.TryGetValue("content", out var messages) ? messages : null);
    }

    [Fact]
    public void Content_too_long_beside_a_bad_field_is_a_400_for_the_bad_field_only()
    {
        var (comment, errors, tooLong) = Validate(Valid with { AuthorEmail = "ada", Content = new string('a', 5_001) });

        Assert.Null(comment);
        Assert.False(tooLong);
        Assert.Equal(["authorEmail"], errors.Keys);
    }

    [Theory]
    [InlineData(true, "", "", false)]
    [InlineData(false, "", "", true)]
    [InlineData(false, "Ada", "", true)]
    [InlineData(false, "", "ada", false)]
    public void Name_and_email_are_required_only_when_the_rules_say_so(bool requireNameAndEmail, string name, string email, bool accepted)
    {
        var (comment, _, _) = Validate(Valid with { AuthorName = name, AuthorEmail = email }, new DiscussionSettings { RequireNameAndEmail = requireNameAndEmail });

        Assert.Equal(accepted, comment is not null);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData(" https://example.org/ada ", "https://example.org/ada")]
    [InlineData("http://example.org", "http://example.org")]
    public void An_empty_website_is_none_and_a_given_one_is_trimmed(string? url, string? kept)
        => Assert.Equal(kept, Validate(Valid with { AuthorUrl = url }).Comment!.AuthorUrl);

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("Buy now", true)]
    [InlineData(" ", true)]
    public void A_filled_in_hidden_subject_field_is_the_honeypot(string? subject, bool filled)
        => Assert.Equal(filled, Validate(Valid with { Subject = subject }).Comment!.FilledHoneypot);

    [Fact]
    public void A_valid_reply_keeps_its_parent()
        => Assert.Equal("0639000000000000000abcdef", Validate(Valid with { ParentId = "0639000000000000000abcdef" }).Comment!.ParentId);

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var (_, errors, _) = Validate(new CommentSubmission(AuthorName: "", AuthorEmail: "nope", AuthorUrl: "ftp://x", Content: "", ParentId: "x"));

        Assert.Equal(["authorEmail", "authorName", "authorUrl", "content", "parentId"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
