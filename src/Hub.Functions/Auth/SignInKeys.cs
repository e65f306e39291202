using System.Security.Cryptography;
using System.Text;
using Hub.Core.Discussion;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Functions.Auth;

/// <summary>
/// The keys of sign-in, derived from the one random key the hub keeps in its Settings table
/// (made on first use: no secret in configuration): one signs commenter tokens and sign-in state,
/// the other seals the state so the provider cannot read it.
/// </summary>
public sealed class SignInKeys(SettingsStore settings)
{
    private Pair? _keys;

    /// <summary>The signing key (HMAC-SHA256) and the sealing key (AES-256-CBC with HMAC-SHA512, used directly).</summary>
    public sealed record Pair(SymmetricSecurityKey Signing, SymmetricSecurityKey Sealing);

    public async Task<Pair> GetAsync(CancellationToken cancellationToken)
    {
        if (_keys is { } known)
        {
            return known;
        }

        var key = await settings.GetSignInKeyAsync(cancellationToken);
        var keys = new Pair(Derive(key, 32, "signing"), Derive(key, 64, "sealing"));
        _keys = keys;
        return keys;
    }

    private static SymmetricSecurityKey Derive(byte[] key, int length, string purpose)
        => new(HKDF.DeriveKey(HashAlgorithmName.SHA256, key, length, info: Encoding.ASCII.GetBytes("hub sign-in " + purpose)));
}
