using System.Security.Cryptography;
using System.Text;

namespace Hub.LocalHost.SignIn;

/// <summary>The name a tester signs in as, from the form or <c>login_hint</c>, and the subject it stands for.</summary>
public static class SignInName
{
    public const int MaxLength = 100;

    public const string Rule = "The name must be 1 to 100 characters, with no control characters.";

    /// <summary>The name trimmed, or null when it breaks <see cref="Rule"/>.</summary>
    public static string? Read(string? text)
    {
        var name = text?.Trim() ?? "";
        return name.Length is 0 or > MaxLength || name.Any(char.IsControl) ? null : name;
    }

    /// <summary>
    /// The same for a name however it is capitalized, as a provider's subject is the same on every
    /// sign-in; a hash, so the subject the hub keys on is opaque as real providers' are.
    /// </summary>
    public static string Subject(string name)
        => "local-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name.ToLowerInvariant())))[..32];
}
