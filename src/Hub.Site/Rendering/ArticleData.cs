using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Core.Entries;

namespace Hub.Site.Rendering;

/// <summary>
/// schema.org Article data for an entry, as JSON-LD inside the page (no extra request). The
/// default JSON encoder escapes &lt;, &gt;, &amp; and quotes as \u escapes, so no text can close the
/// script element it sits in.
/// </summary>
public static class ArticleData
{
    public static string For(Entry entry, SiteContext site)
    {
        var data = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Article",
            ["headline"] = entry.Title,
            ["description"] = entry.Summary,
            ["url"] = site.Absolute(SiteContext.EntryPath(entry.Id)),
            ["dateModified"] = entry.UpdatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["keywords"] = new JsonArray([.. entry.Tags.Select(tag => (JsonNode)tag)]),
            ["commentCount"] = entry.CommentCount,
        };
        if (entry.PublishedOn is { } published)
        {
            data["datePublished"] = published.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (entry.Url is { } source)
        {
            data["isBasedOn"] = source.AbsoluteUri;
        }

        if (entry.Source is { } publisher)
        {
            data["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = publisher };
        }

        return data.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
    }
}
