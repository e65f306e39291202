using System.Text;

namespace Hub.Testing;

/// <summary>
/// Writes a WordPress export (WXR 1.2, as Tools → Export makes it) for tests: posts, pages,
/// drafts, categories, tags and comments, with the CDATA, entities and markup WordPress writes.
/// </summary>
public sealed class WordPressExport(string siteTitle)
{
    private readonly StringBuilder _items = new();

    public WordPressExport Item(string title, string slug, string content, string type = "post", string status = "publish", string date = "2019-05-14 09:30:00",
        string excerpt = "", (string Domain, string Nicename, string Name)[]? terms = null, params WordPressComment[] comments)
    {
        _items.Append($"""
            <item>
              <title>{title}</title>
              <link>https://old-blog.example.org/{slug}/</link>
              <dc:creator><![CDATA[editor]]></dc:creator>
              <content:encoded><![CDATA[{content}]]></content:encoded>
              <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
              <wp:post_id>{_items.Length % 9973}</wp:post_id>
              <wp:post_date><![CDATA[{date}]]></wp:post_date>
              <wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>
              <wp:post_name><![CDATA[{slug}]]></wp:post_name>
              <wp:status><![CDATA[{status}]]></wp:status>
              <wp:post_type><![CDATA[{type}]]></wp:post_type>
              <wp:is_sticky>0</wp:is_sticky>

            """);
        foreach (var (domain, nicename, name) in terms ?? [])
        {
            _items.Append($"""    <category domain="{domain}" nicename="{nicename}"><![CDATA[{name}]]></category>""").Append('\n');
        }

        foreach (var comment in comments)
        {
            _items.Append($"""
                    <wp:comment>
                      <wp:comment_id>{comment.Id}</wp:comment_id>
                      <wp:comment_author><![CDATA[{comment.Author}]]></wp:comment_author>
                      <wp:comment_author_email><![CDATA[{comment.Email}]]></wp:comment_author_email>
                      <wp:comment_author_url>{comment.Url}</wp:comment_author_url>
                      <wp:comment_author_IP><![CDATA[192.0.2.7]]></wp:comment_author_IP>
                      <wp:comment_date><![CDATA[{comment.Date}]]></wp:comment_date>
                      <wp:comment_date_gmt><![CDATA[{comment.Date}]]></wp:comment_date_gmt>
                      <wp:comment_content><![CDATA[{comment.Content}]]></wp:comment_content>
                      <wp:comment_approved><![CDATA[{comment.Approved}]]></wp:comment_approved>
                      <wp:comment_type><![CDATA[{comment.Type}]]></wp:comment_type>
                      <wp:comment_parent>{comment.Parent}</wp:comment_parent>
                      <wp:comment_user_id>0</wp:comment_user_id>
                    </wp:comment>

                """);
        }

        _items.Append("  </item>\n");
        return this;
    }

    public override string ToString() => $"""
        <?xml version="1.0" encoding="UTF-8" ?>
        <rss version="2.0"
            xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
            xmlns:content="http://purl.org/rss/1.0/modules/content/"
            xmlns:wfw="http://wellformedweb.org/CommentAPI/"
            xmlns:dc="http://purl.org/dc/elements/1.1/"
            xmlns:wp="http://wordpress.org/export/1.2/">
        <channel>
          <title>{siteTitle}</title>
          <link>https://old-blog.example.org</link>
          <wp:wxr_version>1.2</wp:wxr_version>
          <wp:base_site_url>https://old-blog.example.org</wp:base_site_url>
          <generator>https://wordpress.org/?v=6.6</generator>
        {_items}</channel>
        </rss>
        """;
}

/// <summary>One comment in a WordPress export; <c>Approved</c> is WordPress's value: 1, 0, trash or spam.</summary>
public sealed record WordPressComment(int Id, string Author, string Email, string Content, string Approved = "1", int Parent = 0, string Type = "comment", string Date = "2019-05-15 10:00:00", string Url = "");
