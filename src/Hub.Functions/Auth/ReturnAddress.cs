using Hub.Core.Validation;

namespace Hub.Functions.Auth;

/// <summary>
/// Where a sign-in sends the commenter back: only an address on the reader site's own origin, so
/// the hub is never an open redirect and a token never travels to anyone else's page.
/// </summary>
public static class ReturnAddress
{
    public const int MaxLength = 2000;

    public const string Rule = "must be the address of a page on this hub's site";

    /// <summary>The address without its fragment, or null when it is not on <paramref name="siteOrigin"/>.</summary>
    public static string? Check(string? returnTo, string siteOrigin)
        => returnTo is { Length: > 0 and <= MaxLength }
           && HttpUrl.TryParse(returnTo, out var address)
           && address.UserInfo.Length == 0
           && Uri.TryCreate(siteOrigin, UriKind.Absolute, out var site)
           && Uri.Compare(address, site, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0
            ? address.GetLeftPart(UriPartial.Query)
            : null;
}
