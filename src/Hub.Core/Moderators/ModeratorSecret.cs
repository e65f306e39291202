using System.Buffers.Text;
using System.Security.Cryptography;
using Hub.Core.Entries;

namespace Hub.Core.Moderators;

/// <summary>
/// A moderator's secret: their name, a dot, and 256 random bits (<c>alice.Xq3…</c>). The name
/// makes the check one point read; the random part is what proves it. Only its SHA-256 is stored:
/// with this much entropy a fast hash is as safe as a slow one, and costs the API nothing.
/// </summary>
public static class ModeratorSecret
{
    public const int MaxNameLength = 40;
    public const string NameRule = "a moderator's name is lowercase letters, digits and single hyphens, at most 40 characters";

    private const int RandomBytes = 32;

    public static bool IsValidName(string? name) => Slug.IsValid(name, MaxNameLength);

    public static string New(string name)
        => IsValidName(name)
            ? $"{name}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes))}"
            : throw new ArgumentException(NameRule, nameof(name));

    /// <summary>The name a presented secret claims, when it has the shape of one.</summary>
    public static bool TryReadName(string? secret, out string name)
    {
        name = "";
        var dot = secret?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0 || !IsValidName(secret![..dot]) || secret.Length - dot - 1 != Base64Url.GetEncodedLength(RandomBytes))
        {
            return false;
        }

        name = secret[..dot];
        return true;
    }
}
