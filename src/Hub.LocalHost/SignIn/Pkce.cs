using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;

namespace Hub.LocalHost.SignIn;

/// <summary>Proof Key for Code Exchange (RFC 7636) with S256, the only method the stand-in issuer offers.</summary>
public static partial class Pkce
{
    public const string Method = "S256";

    /// <summary>A code_verifier, and a code_challenge too: 43 to 128 of the unreserved characters (RFC 7636 §4.1, §4.2).</summary>
    public static bool IsWellFormed(string? value) => value is not null && Unreserved().IsMatch(value);

    /// <summary>Whether BASE64URL(SHA256(verifier)) is the challenge the code was issued with.</summary>
    public static bool Verifies(string? verifier, string challenge)
        => IsWellFormed(verifier)
           && CryptographicOperations.FixedTimeEquals(
               Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier!)))),
               Encoding.ASCII.GetBytes(challenge));

    [GeneratedRegex("^[A-Za-z0-9._~-]{43,128}$")]
    private static partial Regex Unreserved();
}
