using System.Security.Cryptography;
using System.Text;

namespace Hub.Site.Rendering;

/// <summary>
/// The reader stylesheet (<c>static-web/assets/site.css</c>, compiled into Hub.Site) that every
/// rendered page carries in a <c>&lt;style&gt;</c> element, so the first paint waits for no request
/// after the page. The pages' policy admits exactly this text by its SHA-256 (CSP Level 2's hash
/// source), never <c>'unsafe-inline'</c>.
/// </summary>
public static class PageStyle
{
    /// <summary>The stylesheet's text, as the page's style element holds it.</summary>
    public static string Text { get; } = Read();

    /// <summary>The policy's source for it: <c>'sha256-…'</c> over the UTF-8 bytes of <see cref="Text"/>.</summary>
    public static string Source { get; } = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Text)))}'";

    private static string Read()
    {
        using var css = typeof(PageStyle).Assembly.GetManifestResourceStream("Hub.Site.site.css")
            ?? throw new InvalidOperationException("Hub.Site was built without static-web/assets/site.css.");
        using var reader = new StreamReader(css, Encoding.UTF8);
        var text = reader.ReadToEnd();
        return text.Contains("</style", StringComparison.OrdinalIgnoreCase)
            ? throw new InvalidOperationException("site.css must not contain '</style': it is put inside a style element.")
            : text;
    }
}
