using System.Text;
using System.Xml;
using Hub.Cli.WordPress;
using Hub.Core.Comments;
using Hub.Core.Import;

namespace Hub.UnitTests.WordPress;

/// <summary>
/// What <see cref="WxrReader"/> takes from a WordPress export, from small inline WXR files: which
/// items become entries, their fields, their comments' statuses and parents, and what is left out
/// and counted. How HTML becomes text is another rule (and is changing): the few assertions on
/// body text are in their own methods at the end.
/// </summary>
public sealed class WxrReaderTests
{
    private static readonly (string Name, string Value)[] PostDefaults =
    [
        ("title", "Rekognition report"),
        ("link", "https://old.example/2019/02/rekognition-report/"),
        ("content:encoded", "<![CDATA[<p>Amazon sold face recognition to police.</p>]]>"),
        ("excerpt:encoded", "<![CDATA[]]>"),
        ("wp:post_id", "42"),
        ("wp:post_date", "2019-02-14 10:00:00"),
        ("wp:post_date_gmt", "2019-02-14 09:00:00"),
        ("wp:post_name", "rekognition-report"),
        ("wp:status", "publish"),
        ("wp:post_type", "post"),
        ("wp:is_sticky", "0"),
    ];

    private static readonly (string Name, string Value)[] CommentDefaults =
    [
        ("wp:comment_id", "7"),
        ("wp:comment_author", "Ada"),
        ("wp:comment_author_email", "ada@example.org"),
        ("wp:comment_author_url", "https://ada.example/"),
        ("wp:comment_date", "2019-02-15 10:00:00"),
        ("wp:comment_date_gmt", "2019-02-15 09:00:00"),
        ("wp:comment_content", "<![CDATA[Thanks for this.]]>"),
        ("wp:comment_approved", "1"),
        ("wp:comment_type", "comment"),
        ("wp:comment_parent", "0"),
    ];

    /// <summary>Elements from the defaults with these changed; a null value leaves the element out.</summary>
    private static string Elements((string Name, string Value)[] defaults, (string Name, string? Value)[] changes, string more = "")
    {
        var xml = new StringBuilder();
        foreach (var (name, value) in defaults.Select(element => (element.Name, changes.FirstOrDefault(change => change.Name == element.Name) is { Name: not null } change ? change.Value : element.Value)))
        {
            if (value is not null)
            {
                xml.Append('<').Append(name).Append('>').Append(value).Append("</").Append(name).Append(">\n");
            }
        }

        return xml.Append(more).ToString();
    }

    private static string Post(params (string Name, string? Value)[] changes) => PostWith("", changes);

    private static string PostWith(string more, params (string Name, string? Value)[] changes)
        => $"<item>\n{Elements(PostDefaults, changes, more)}</item>\n";

    private static string Comment(params (string Name, string? Value)[] changes)
        => $"<wp:comment>\n{Elements(CommentDefaults, changes)}</wp:comment>\n";

    private static string Wxr(string items, string siteName = "Surveillance Watch") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
        <channel>
        <title>{siteName}</title>
        <wp:wxr_version>1.2</wp:wxr_version>
        {items}
        </channel>
        </rss>
        """;

    private static WxrArchive Read(string xml)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        return WxrReader.Read(stream);
    }

    private static ImportedPost OnlyPost(string item) => Assert.Single(Read(Wxr(item)).Posts);

    private static ImportedComment OnlyComment(params (string Name, string? Value)[] changes)
        => Assert.Single(OnlyPost(PostWith(Comment(changes))).Comments);

    [Fact]
    public void A_published_post_becomes_an_entry_with_its_fields()
    {
        var item = PostWith(
            """
            <category domain="category" nicename="surveillance"><![CDATA[Surveillance]]></category>
            <category domain="post_tag" nicename="ice"><![CDATA[ICE]]></category>
            <category domain="post_tag" nicename="face-recognition"><![CDATA[Face recognition]]></category>
            """,
            ("wp:is_sticky", "1"));

        var post = OnlyPost(item);

        Assert.Equal("rekognition-report", post.Id);
        Assert.Equal("Rekognition report", post.Content.Title);
        Assert.Equal(new Uri("https://old.example/2019/02/rekognition-report/"), post.Content.Url);
        Assert.Equal("Surveillance Watch", post.Content.Source);
        Assert.Equal(new DateOnly(2019, 2, 14), post.Content.PublishedOn);
        Assert.Equal("surveillance", post.Content.Category);
        Assert.Equal(["ice", "face-recognition"], post.Content.Tags);
        Assert.True(post.Content.Featured);
        Assert.Empty(post.Comments);
    }

    [Theory]
    [InlineData("post", "publish", null)]
    [InlineData(null, null, null)]
    [InlineData("page", "publish", "page (not a post)")]
    [InlineData("attachment", "inherit", "attachment (not a post)")]
    [InlineData("nav_menu_item", "publish", "nav_menu_item (not a post)")]
    [InlineData("post", "draft", "post with status draft")]
    [InlineData("post", "private", "post with status private")]
    [InlineData("post", "future", "post with status future")]
    [InlineData("post", "pending", "post with status pending")]
    [InlineData("post", "trash", "post with status trash")]
    public void Only_published_posts_are_taken_and_the_rest_counted_by_why(string? type, string? status, string? skipped)
    {
        var archive = Read(Wxr(Post(("wp:post_type", type), ("wp:status", status))));

        Assert.Equal(skipped is null ? 1 : 0, archive.Posts.Count);
        Assert.Equal(skipped is null ? new Dictionary<string, int>() : new Dictionary<string, int> { [skipped] = 1 }, archive.Skipped);
    }

    [Fact]
    public void What_is_left_out_is_counted_for_each_reason()
    {
        var archive = Read(Wxr(
            Post(("wp:post_type", "page")) + Post(("wp:post_type", "page")) + Post(("wp:status", "draft"))
            + PostWith(Comment(("wp:comment_type", "pingback")) + Comment(("wp:comment_type", "trackback")) + Comment(("wp:comment_type", "pingback")))));

        Assert.Equal(
            new Dictionary<string, int> { ["page (not a post)"] = 2, ["post with status draft"] = 1, ["pingback"] = 2, ["trackback"] = 1 },
            archive.Skipped);
    }

    [Theory]
    [InlineData("rekognition-report", "Any title", "rekognition-report")]
    [InlineData("Rekognition--Report!", "Any title", "rekognition-report")]
    [InlineData("", "Amazon’s Rekognition: a report", "amazon-s-rekognition-a-report")]
    [InlineData(null, "Crème brûlée at the precinct", "creme-brulee-at-the-precinct")]
    [InlineData(null, "ICE and the precinct", "ice-and-the-precinct")]
    [InlineData("cr%c3%a8me-br%c3%bbl%c3%a9e", "Any title", "creme-brulee")]
    [InlineData("%d0%bf%d0%be%d0%bb%d0%b8%d1%86%d0%b8%d1%8f", "Полиция", "post-42")]
    [InlineData("", "!!!", "post-42")]
    [InlineData("", "", "untitled")]
    public void An_entrys_id_is_the_posts_slug_else_its_titles_else_its_number(string? postName, string title, string id)
        => Assert.Equal(id, OnlyPost(Post(("wp:post_name", postName), ("title", title))).Id);

    [Fact]
    public void A_slug_longer_than_an_id_is_cut_at_80_characters_without_a_trailing_hyphen()
    {
        var id = OnlyPost(Post(("wp:post_name", new string('a', 79) + "-bbbb"))).Id;

        Assert.Equal(new string('a', 79), id);
    }

    [Fact]
    public void Posts_with_the_same_slug_get_numbered_ids()
    {
        var archive = Read(Wxr(Post() + Post() + Post(("wp:post_name", "rekognition-report-2")) + Post()));

        Assert.Equal(["rekognition-report", "rekognition-report-2", "rekognition-report-2-2", "rekognition-report-3"], archive.Posts.Select(post => post.Id));
    }

    [Theory]
    [InlineData("2019-02-14 23:30:00", "2019-02-15 01:30:00", "2019-02-14")]
    [InlineData("0000-00-00 00:00:00", "2019-02-15 01:30:00", "2019-02-15")]
    [InlineData(null, "2019-02-15 01:30:00", "2019-02-15")]
    [InlineData("14/02/2019", "2019-02-15 01:30:00", "2019-02-15")]
    [InlineData("0000-00-00 00:00:00", "0000-00-00 00:00:00", null)]
    [InlineData(null, null, null)]
    public void The_date_is_the_posts_utc_date_else_its_local_one(string? gmt, string? local, string? date)
        => Assert.Equal(
            date is null ? null : DateOnly.ParseExact(date, "yyyy-MM-dd"),
            OnlyPost(Post(("wp:post_date_gmt", gmt), ("wp:post_date", local))).Content.PublishedOn);

    [Theory]
    [InlineData("https://old.example/a/", "https://old.example/a/")]
    [InlineData("http://old.example/?p=42", "http://old.example/?p=42")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("ftp://old.example/a", null)]
    [InlineData("/2019/02/a/", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Only_an_http_or_https_link_is_kept(string? link, string? url)
        => Assert.Equal(url, OnlyPost(Post(("link", link))).Content.Url?.AbsoluteUri);

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData(null, false)]
    public void A_sticky_post_is_featured(string? sticky, bool featured)
        => Assert.Equal(featured, OnlyPost(Post(("wp:is_sticky", sticky))).Content.Featured);

    [Theory]
    [InlineData("""<category domain="category" nicename="surveillance">Surveillance</category>""", "surveillance", "")]
    [InlineData("""<category domain="category">Law Enforcement</category>""", "law-enforcement", "")]
    [InlineData("""<category domain="category" nicename="caf%c3%a9">Café</category>""", "cafe", "")]
    [InlineData("""<category domain="category" nicename="first">First</category><category domain="category" nicename="second">Second</category>""", "first", "")]
    [InlineData("""<category domain="post_tag" nicename="ice">ICE</category><category domain="post_tag">ICE</category>""", null, "ice")]
    [InlineData("""<category domain="post_format" nicename="post-format-aside">Aside</category>""", null, "")]
    [InlineData("""<category>No domain</category>""", null, "")]
    public void Categories_and_tags_are_slugs_the_first_category_and_distinct_tags(string categories, string? category, string tags)
    {
        var post = OnlyPost(PostWith(categories));

        Assert.Equal(category, post.Content.Category);
        Assert.Equal(tags, string.Join(' ', post.Content.Tags));
    }

    [Fact]
    public void At_most_ten_tags_are_kept()
    {
        var tags = string.Concat(Enumerable.Range(1, 12).Select(n => $"""<category domain="post_tag" nicename="tag-{n}">Tag {n}</category>"""));

        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"tag-{n}"), OnlyPost(PostWith(tags)).Content.Tags);
    }

    [Theory]
    [InlineData("1", CommentStatus.Approved)]
    [InlineData("0", CommentStatus.Pending)]
    [InlineData("spam", CommentStatus.Spam)]
    [InlineData("trash", CommentStatus.Trash)]
    [InlineData("post-trashed", CommentStatus.Trash)]
    [InlineData("hold", CommentStatus.Pending)]
    [InlineData("", CommentStatus.Pending)]
    [InlineData(null, CommentStatus.Pending)]
    public void A_comment_keeps_its_wordpress_status(string? approved, CommentStatus status)
        => Assert.Equal(status, OnlyComment(("wp:comment_approved", approved)).Status);

    [Theory]
    [InlineData("0", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("7", "7")]
    [InlineData("1234", "1234")]
    public void A_reply_names_its_parent_by_wordpress_id(string? parent, string? parentId)
        => Assert.Equal(parentId, OnlyComment(("wp:comment_parent", parent)).ParentSourceId);

    [Fact]
    public void Replies_keep_their_thread_in_export_order()
    {
        var post = OnlyPost(PostWith(
            Comment(("wp:comment_id", "1"))
            + Comment(("wp:comment_id", "2"), ("wp:comment_parent", "1"))
            + Comment(("wp:comment_id", "3"), ("wp:comment_parent", "2"))
            + Comment(("wp:comment_id", "4"))));

        Assert.Equal(["1:", "2:1", "3:2", "4:"], post.Comments.Select(comment => $"{comment.SourceId}:{comment.ParentSourceId}"));
    }

    [Theory]
    [InlineData("comment", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    [InlineData("pingback", false)]
    [InlineData("trackback", false)]
    public void Pingbacks_and_trackbacks_are_not_comments(string? type, bool kept)
        => Assert.Equal(kept ? 1 : 0, OnlyPost(PostWith(Comment(("wp:comment_type", type)))).Comments.Count);

    [Fact]
    public void A_comment_keeps_its_author_and_time()
    {
        var comment = OnlyComment();

        Assert.Equal("7", comment.SourceId);
        Assert.Equal("Ada", comment.AuthorName);
        Assert.Equal("ada@example.org", comment.AuthorEmail);
        Assert.Equal("https://ada.example/", comment.AuthorUrl);
        Assert.Equal(new DateTimeOffset(2019, 2, 15, 9, 0, 0, TimeSpan.Zero), comment.CreatedAt);
    }

    [Theory]
    [InlineData("wp:comment_author", "", "Anonymous")]
    [InlineData("wp:comment_author", null, "Anonymous")]
    [InlineData("wp:comment_author", "  Ada  ", "Ada")]
    [InlineData("wp:comment_author_email", "  ada@example.org ", "ada@example.org")]
    [InlineData("wp:comment_author_email", null, "")]
    [InlineData("wp:comment_author_url", "javascript:alert(1)", null)]
    [InlineData("wp:comment_author_url", "ada.example", null)]
    [InlineData("wp:comment_author_url", "", null)]
    [InlineData("wp:comment_author_url", "http://ada.example", "http://ada.example/")]
    [InlineData("wp:comment_date_gmt", "0000-00-00 00:00:00", "2019-02-15T10:00:00+00:00")]
    [InlineData("wp:comment_date_gmt", null, "2019-02-15T10:00:00+00:00")]
    public void A_comments_author_fields_are_tidied(string element, string? value, string? kept)
    {
        var comment = OnlyComment((element, value));

        Assert.Equal(kept, element switch
        {
            "wp:comment_author" => comment.AuthorName,
            "wp:comment_author_email" => comment.AuthorEmail,
            "wp:comment_author_url" => comment.AuthorUrl,
            _ => comment.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    [Fact]
    public void A_comment_without_a_time_is_dated_1970()
        => Assert.Equal(DateTimeOffset.UnixEpoch, OnlyComment(("wp:comment_date_gmt", null), ("wp:comment_date", null)).CreatedAt);

    [Fact]
    public void A_comment_without_an_id_gets_one()
        => Assert.NotEmpty(OnlyComment(("wp:comment_id", null)).SourceId);

    [Theory]
    [InlineData("<rss><item/></rss>", "no <rss><channel>: not a WordPress export")]
    [InlineData("<rss><channel><title>x</title><item/></channel></rss>", "no wp: elements: not a WordPress export (WXR)")]
    [InlineData("<rss xmlns:wp=\"http://example.org/not-wordpress/\"><channel><wp:x/></channel></rss>", "no wp: elements: not a WordPress export (WXR)")]
    public void A_file_that_is_not_a_wordpress_export_is_refused_saying_so(string xml, string message)
        => Assert.Equal(message, Assert.Throws<InvalidDataException>(() => Read(xml)).Message);

    [Fact]
    public void A_document_type_declaration_is_refused_so_no_entity_is_expanded()
        => Assert.Throws<XmlException>(() => Read("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x \"boom\">]><rss><channel/></rss>"));

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><rss/>", true)]
    [InlineData("  \n\t<rss/>", true)]
    [InlineData("[{\"id\":\"a\"}]", false)]
    [InlineData("  [ ]", false)]
    [InlineData("", false)]
    public void A_wxr_file_is_told_from_an_entries_file_by_its_first_character(string text, bool wxr)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("ignored" + text)) { Position = "ignored".Length };

        Assert.Equal(wxr, WxrReader.LooksLikeWxr(stream));
        Assert.Equal("ignored".Length, stream.Position);
    }

    // Body text: kept to what any conversion of the post's HTML must still give.

    [Fact]
    public void Body_text_the_excerpt_is_the_summary()
    {
        var post = OnlyPost(Post(("excerpt:encoded", "<![CDATA[The short version.]]>")));

        Assert.Contains("The short version.", post.Content.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Amazon sold", post.Content.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Body_text_without_an_excerpt_the_summary_comes_from_the_post()
        => Assert.Contains("Amazon sold face recognition to police.", OnlyPost(Post()).Content.Summary, StringComparison.Ordinal);

    [Fact]
    public void Body_text_a_comment_keeps_its_words()
        => Assert.Contains("Thanks for this.", OnlyComment().Content, StringComparison.Ordinal);
}
