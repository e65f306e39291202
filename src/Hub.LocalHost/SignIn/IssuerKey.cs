using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Hub.LocalHost.SignIn;

/// <summary>
/// The key the stand-in issuer signs ID tokens with: made at start and never stored, so a token
/// from an earlier run no longer validates, as after a provider's key rotation.
/// </summary>
public sealed class IssuerKey : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    public IssuerKey()
    {
        Key = new RsaSecurityKey(_rsa);
        Key.KeyId = Base64UrlEncoder.Encode(Key.ComputeJwkThumbprint());
    }

    public RsaSecurityKey Key { get; }

    public SigningCredentials Credentials => new(Key, SecurityAlgorithms.RsaSha256);

    /// <summary>The JSON Web Key Set served at <c>/keys</c>: the public half only.</summary>
    public object KeySet()
    {
        var key = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(includePrivateParameters: false)) { KeyId = Key.KeyId });
        return new { keys = new[] { new { kty = key.Kty, use = JsonWebKeyUseNames.Sig, alg = SecurityAlgorithms.RsaSha256, kid = key.Kid, n = key.N, e = key.E } } };
    }

    public void Dispose() => _rsa.Dispose();
}
