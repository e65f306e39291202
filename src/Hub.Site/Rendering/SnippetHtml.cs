using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Hub.Core.Search;

namespace Hub.Site.Rendering;

/// <summary>
/// A search result's snippet as HTML: every character of its text escaped by the framework's HTML
/// encoder (the one Razor's renderer uses; letters of every script are left as they are), and
/// each matched word in <c>&lt;mark&gt;</c>, the only element it ever holds. The API's
/// <c>snippet</c> and the results page both come from here.
/// </summary>
public static class SnippetHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Of(SearchSnippet snippet)
    {
        var html = new StringBuilder();
        foreach (var part in snippet.Parts)
        {
            if (part.Marked)
            {
                html.Append("<mark>").Append(Encoder.Encode(part.Text)).Append("</mark>");
            }
            else
            {
                html.Append(Encoder.Encode(part.Text));
            }
        }

        return html.ToString();
    }
}
