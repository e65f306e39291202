using Hub.Core.Entries;
using Hub.Core.Validation;

namespace Hub.UnitTests;

public sealed class EntryDraftValidatorTests
{
    private static readonly EntryDraft Valid = new(
        Title: "  Rekognition  ",
        Summary: "Line one.\nLine two.",
        Url: "https://example.org/a?b=c",
        Source: "Publisher",
        PublishedOn: "2019-02-14",
        Category: "surveillance",
        Tags: ["rekognition", "ice", "rekognition"],
        Featured: true);

    private static (EntryContent? Content, string[] Fields) Validate(EntryDraft draft, string id = "an-id")
    {
        var errors = new ValidationErrors();
        var content = EntryDraftValidator.Validate(id, draft, errors);
        return (content, errors.ToDictionary().Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void A_valid_draft_is_trimmed_and_its_tags_deduplicated()
    {
        var (content, fields) = Validate(Valid);

        Assert.Empty(fields);
        Assert.Equal("Rekognition", content!.Title);
        Assert.Equal(["rekognition", "ice"], content.Tags);
        Assert.Equal(new DateOnly(2019, 2, 14), content.PublishedOn);
        Assert.True(content.Featured);
    }

    [Fact]
    public void Only_title_and_summary_are_required()
    {
        var (content, fields) = Validate(new EntryDraft(Title: "T", Summary: "S"));

        Assert.Empty(fields);
        Assert.Null(content!.Url);
        Assert.Null(content.PublishedOn);
        Assert.Empty(content.Tags);
        Assert.False(content.Featured);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("summary")]
    public void A_missing_required_field_is_named(string field)
    {
        var draft = field == "title" ? Valid with { Title = null } : Valid with { Summary = "   " };
        Assert.Equal([field], Validate(draft).Fields);
    }

    [Theory]
    [InlineData("2019-02-30")]
    [InlineData("2019-2-14")]
    [InlineData("14.02.2019")]
    [InlineData("2019-02-14T00:00:00Z")]
    public void A_date_must_be_a_real_iso_date(string date)
        => Assert.Equal(["publishedOn"], Validate(Valid with { PublishedOn = date }).Fields);

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,hi")]
    [InlineData("mailto:someone@example.org")]
    [InlineData("example.org")]
    public void A_url_must_be_http_or_https(string url)
        => Assert.Equal(["url"], Validate(Valid with { Url = url }).Fields);

    [Fact]
    public void Too_many_tags_are_refused()
        => Assert.Equal(["tags"], Validate(Valid with { Tags = Enumerable.Range(0, 11).Select(i => $"t{i}").ToArray() }).Fields);

    [Fact]
    public void A_null_tag_is_refused()
        => Assert.Equal(["tags"], Validate(Valid with { Tags = ["ok", null] }).Fields);

    [Fact]
    public void A_single_line_field_refuses_control_characters()
        => Assert.Equal(["source", "title"], Validate(Valid with { Title = "a\u0007b", Source = "x\ny" }).Fields);

    [Fact]
    public void The_body_id_must_match_the_route()
        => Assert.Equal(["id"], Validate(Valid with { Id = "other" }).Fields);

    [Fact]
    public void Field_limits_are_enforced()
    {
        var draft = Valid with
        {
            Title = new string('t', EntryRules.TitleMaxLength + 1),
            Summary = new string('s', EntryRules.SummaryMaxLength + 1),
            Source = new string('p', EntryRules.SourceMaxLength + 1),
            Url = "https://example.org/" + new string('u', EntryRules.UrlMaxLength),
            Category = new string('c', EntryRules.LabelMaxLength + 1),
        };

        Assert.Equal(["category", "source", "summary", "title", "url"], Validate(draft).Fields);
    }
}
