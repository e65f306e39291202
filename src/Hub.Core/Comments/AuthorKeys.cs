using System.Text.RegularExpressions;
using Hub.Core.Storage;

namespace Hub.Core.Comments;

/// <summary>
/// Whose comment is whose: a signed-in commenter's identity key, else a hash of the email. The
/// author index, the flood check, known authors and personal-data requests all file by it.
/// </summary>
public static partial class AuthorKeys
{
    public const string IdentityRule = "must be the identity a moderation item carries: 64 lowercase hexadecimal characters";

    /// <summary>The identity key when signed in, else the email's key; null for an anonymous comment without an email.</summary>
    public static string? Of(string? identityKey, string email)
        => identityKey is { Length: > 0 } ? identityKey : email.Length > 0 ? Hashing.EmailKey(email) : null;

    /// <summary>
    /// A keyed hash of the provider's subject: stable for one person at one issuer (an OpenID
    /// Connect subject is unique per issuer), useless to anyone without the hub's key.
    /// </summary>
    public static string Identity(byte[] key, string issuer, string subject) => Hashing.Hmac(key, $"identity\n{issuer}\n{subject}");

    public static bool IsIdentity(string text) => Hex().IsMatch(text);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Hex();
}
