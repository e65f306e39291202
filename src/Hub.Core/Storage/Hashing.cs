using System.Security.Cryptography;
using System.Text;

namespace Hub.Core.Storage;

/// <summary>One-way keys for personal data that must be looked up but not read back.</summary>
public static class Hashing
{
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Hmac(byte[] key, string text) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));

    /// <summary>The key of everything filed under one email address: case and spaces do not matter.</summary>
    public static string EmailKey(string email) => Sha256(email.Trim().ToLowerInvariant());

    public static bool SameSecret(string presented, string expectedHash)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sha256(presented)), Encoding.ASCII.GetBytes(expectedHash));
}
