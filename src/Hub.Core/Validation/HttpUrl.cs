namespace Hub.Core.Validation;

/// <summary>Absolute http and https URLs only: no javascript:, data:, mailto: or relative links.</summary>
public static class HttpUrl
{
    public const string Rule = "must be an absolute http or https URL";

    public static bool TryParse(string text, out Uri url)
        => Uri.TryCreate(text, UriKind.Absolute, out url!)
           && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
           && !string.IsNullOrEmpty(url.Host);
}
