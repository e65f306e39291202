using System.Security.Claims;
using Hub.Core.Comments;
using Hub.Core.Settings;
using Hub.Core.Validation;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Hub.Functions.Auth;

/// <summary>
/// The name a signed-in commenter is shown by, from the ID token's profile claims. Never a claim
/// that may be an email address (preferred_username often is): the hub keeps no provider email.
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
        var name = candidates.FirstOrDefault(candidate => candidate.Length > 0 && !candidate.Contains('@', StringComparison.Ordinal));
        return name ?? $"{provider.Name} user";
    }

    private static string Clean(string? text)
    {
        var words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var name = string.Join(' ', words.Where(word => !TextRules.HasControlCharacters(word, multiline: false)));
        return name.Length <= CommentValidator.NameMaxLength ? name : name[..CommentValidator.NameMaxLength].TrimEnd();
    }
}
