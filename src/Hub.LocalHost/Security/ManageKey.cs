using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Hub.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.LocalHost.Security;

/// <summary>
/// Stands in for Azure's function keys: a route above <see cref="AuthorizationLevel.Anonymous"/>
/// needs the configured key in the x-functions-key header or the code query parameter.
/// </summary>
public sealed class ManageKey(string key, string name = ManageKey.DefaultName)
{
    public const string DefaultName = "default";
    public const string NameSettingName = "Hub:ManageKeyName";

    public const string SettingName = "Hub:ManageKey";
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public string Value => key;

    /// <summary>Who a request with the key is, as Azure Functions tells it: the key's name in the keyid claim.</summary>
    public ClaimsPrincipal Principal { get; } = new(new ClaimsIdentity([new Claim(Callers.KeyIdClaim, name)], "WebJobsAuthLevel"));

    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public bool Allows(HttpRequest request)
    {
        var presented = request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            presented = request.Query[QueryName].ToString();
        }

        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);
    }
}
