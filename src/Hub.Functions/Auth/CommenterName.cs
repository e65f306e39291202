using System.Security.Claims;
using Hub.Core.Comments;
using Hub.Core.Settings;
using Hub.Core.Validation;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Hub.Functions.Auth;

/// <summary>
/// The name a signed-in commenter is shown by, from the ID token's profile claims or an OAuth 2.0
/// provider's user-info answer (its display name, else its login). Never a value that may be an
/// email address (preferred_username often is): the hub keeps no provider email.
/// </summary>
public static class CommenterName
{
    public static string From(ClaimsIdentity claims, SignInProvider provider)
    {
        string Claim(string type) => Clean(claims.FindFirst(type)?.Value);
        var candidates = new[]
        {
            Claim(JwtRegisteredClaimNames.Name),
            Clean($"{Claim(JwtRegisteredClaimNames.GivenName)} {Claim(JwtRegisteredClaimNames.FamilyName)}"),
            Claim("nickname"),
        };
        return First(candidates, provider);
    }

    /// <summary>From a user-info answer: the display name, else the login.</summary>
    public static string From(OAuthUser user, SignInProvider provider) => First([Clean(user.DisplayName), Clean(user.Login)], provider);

    private static string First(IEnumerable<string> candidates, SignInProvider provider)
        => candidates.FirstOrDefault(candidate => candidate.Length > 0 && !candidate.Contains('@', StringComparison.Ordinal)) ?? $"{provider.Name} user";

    private static string Clean(string? text)
    {
        var words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var name = string.Join(' ', words.Where(word => !TextRules.HasControlCharacters(word, multiline: false)));
        return name.Length <= CommentValidator.NameMaxLength ? name : name[..CommentValidator.NameMaxLength].TrimEnd();
    }
}
