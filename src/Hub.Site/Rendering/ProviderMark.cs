using System.Collections.Concurrent;
using System.Xml.Linq;
using Hub.Core.Settings;

namespace Hub.Site.Rendering;

/// <summary>
/// A sign-in provider's mark as pages draw it: the paths of a 24×24 SVG, inline in the page and
/// filled with the text's colour, so it costs no request and reads in light and dark. The brands'
/// marks are copies of simple-icons' files (CC0-1.0, pinned in package.json; <c>Marks/</c>, compared
/// with the package by a test); <c>neutral</c> is the hub's own, for a provider without one.
/// </summary>
public sealed record ProviderMark(string Name, IReadOnlyList<string> Paths)
{
    public const string Neutral = "neutral";

    private const string GoogleIssuerHost = "accounts.google.com";

    private static readonly ConcurrentDictionary<string, ProviderMark> Loaded = new(StringComparer.Ordinal);

    /// <summary>
    /// The mark a provider is shown with: by its OAuth 2.0 kind, else for an OpenID Connect issuer
    /// by the issuer's host (only Google's is known), else <see cref="Neutral"/>.
    /// </summary>
    public static string NameFor(SignInProvider provider) => provider.Kind switch
    {
        SignInKinds.WordPressCom => "wordpress",
        SignInKinds.GitHub => "github",
        SignInKinds.Facebook => "facebook",
        SignInKinds.X => "x",
        null when Uri.TryCreate(provider.Issuer, UriKind.Absolute, out var issuer)
                  && issuer.Host.Equals(GoogleIssuerHost, StringComparison.OrdinalIgnoreCase) => "google",
        _ => Neutral,
    };

    public static ProviderMark For(SignInProvider provider) => Named(NameFor(provider));

    /// <summary>The mark in <c>Marks/{name}.svg</c>, read once from the assembly.</summary>
    public static ProviderMark Named(string name) => Loaded.GetOrAdd(name, Load);

    private static ProviderMark Load(string name)
    {
        using var svg = typeof(ProviderMark).Assembly.GetManifestResourceStream($"Hub.Site.Marks.{name}.svg")
            ?? throw new InvalidOperationException($"Hub.Site has no mark '{name}'.");
        var paths = XDocument.Load(svg).Descendants(XName.Get("path", "http://www.w3.org/2000/svg"))
            .Select(path => (string?)path.Attribute("d") ?? "")
            .ToList();
        return new ProviderMark(name, paths);
    }
}
