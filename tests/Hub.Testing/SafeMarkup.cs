using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Hub.Site.Rendering;

namespace Hub.Testing;

/// <summary>
/// Reads rendered Markdown as a browser would and checks it holds only what the pipeline makes:
/// text structure, links to http(s)/mailto addresses, and nothing that runs, loads or styles.
/// </summary>
public static class SafeMarkup
{
    private static readonly HashSet<string> Elements = ["P", "A", "EM", "STRONG", "BLOCKQUOTE", "CODE", "PRE", "UL", "OL", "LI", "H2", "H3", "H4", "H5", "H6", "BR", "HR"];

    public static IElement Parse(string html) => new HtmlParser().ParseDocument("<!doctype html><body>" + html).Body!;

    /// <summary>Fails naming <paramref name="what"/> and the first element or attribute the pipeline should not have let through.</summary>
    public static void AssertOnlySafe(IElement root, string what)
    {
        foreach (var element in root.QuerySelectorAll("*"))
        {
            Assert.True(Elements.Contains(element.TagName), $"{what}: <{element.LocalName}> came through: {root.InnerHtml}");
            foreach (var attribute in element.Attributes)
            {
                var allowed = attribute.Name switch
                {
                    "href" => element.TagName == "A" && MarkdownText.SafeHref(attribute.Value) == attribute.Value,
                    "rel" or "title" => element.TagName == "A",
                    "class" => element.TagName == "CODE" && attribute.Value.StartsWith("language-", StringComparison.Ordinal),
                    "start" => element.TagName == "OL",
                    _ => false,
                };
                Assert.True(allowed, $"{what}: {attribute.Name}=\"{attribute.Value}\" on <{element.LocalName}> came through: {root.InnerHtml}");
            }
        }
    }
}
