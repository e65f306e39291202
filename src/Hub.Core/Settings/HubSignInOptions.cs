using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Hub.Core.Settings;

/// <summary>
/// <c>Hub:SignIn</c>: the providers (OpenID Connect issuers, or OAuth 2.0 kinds) commenters may sign in with (none: the form is
/// anonymous only), and how long the hub's own commenter token lasts. The Bicep sets the
/// providers from its parameters, with each secret from a secure parameter or Key Vault.
/// </summary>
public sealed partial class HubSignInOptions : IValidatableObject
{
    public const string Section = "Hub:SignIn";

    /// <summary><c>Hub:SignIn:Providers</c>: in the order the sign-in buttons are shown.</summary>
    public List<SignInProvider> Providers { get; set; } = [];

    /// <summary><c>Hub:SignIn:TokenHours</c>: how long a commenter stays signed in (at most a day).</summary>
    [Range(1, 24, ErrorMessage = "Hub:SignIn:TokenHours must be from 1 to 24.")]
    public int TokenHours { get; set; } = 12;

    public SignInProvider? Find(string id) => Providers.Find(provider => provider.Id == id);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var index = 0; index < Providers.Count; index++)
        {
            var provider = Providers[index];
            var key = $"{Section}:Providers:{index}";
            if (!ProviderId().IsMatch(provider.Id))
            {
                yield return new ValidationResult($"{key}:Id must be 1 to 32 lowercase letters, digits or hyphens, such as 'google'; it is '{provider.Id}'.");
            }

            if (Providers.FindIndex(other => other.Id == provider.Id) != index)
            {
                yield return new ValidationResult($"{key}:Id '{provider.Id}' names two providers.");
            }

            if (provider.Name.Trim().Length is 0 or > 40)
            {
                yield return new ValidationResult($"{key}:Name, the button's label, must be 1 to 40 characters.");
            }

            if (provider.Kind is { } kind)
            {
                if (!SignInKinds.All.Contains(kind))
                {
                    yield return new ValidationResult($"{key}:Kind '{kind}' is not a sign-in kind this hub knows; it knows {string.Join(", ", SignInKinds.All)}, or an OpenID Connect Issuer instead of a Kind.");
                }
                else if (provider.Issuer.Length != 0)
                {
                    yield return new ValidationResult($"{key}: give either an Issuer (OpenID Connect) or a Kind ({kind}), not both.");
                }
            }
            else if (!Uri.TryCreate(provider.Issuer, UriKind.Absolute, out var issuer) || !(issuer.Scheme == Uri.UriSchemeHttps || (issuer.Scheme == Uri.UriSchemeHttp && issuer.IsLoopback)))
            {
                yield return new ValidationResult($"{key}:Issuer must be the provider's https issuer URL, such as https://accounts.google.com (or a Kind: {string.Join(", ", SignInKinds.All)}); it is '{provider.Issuer}'.");
            }

            if (provider.ClientId.Length == 0 || provider.ClientSecret.Length == 0)
            {
                yield return new ValidationResult($"{key}: ClientId and ClientSecret are both required (from the app's registration with the provider).");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")]
    private static partial Regex ProviderId();
}

/// <summary>One OpenID Connect provider, as registered with it: the hub is a confidential client using the code flow with PKCE.</summary>
public sealed class SignInProvider
{
    /// <summary>In the sign-in addresses (<c>/api/auth/{id}/start</c>) and the commenter token.</summary>
    public string Id { get; set; } = "";

    /// <summary>What the button and "signed in with …" say.</summary>
    public string Name { get; set; } = "";

    /// <summary>The issuer of an OpenID Connect provider; its discovery document is at <c>{Issuer}/.well-known/openid-configuration</c>. Empty for a <see cref="Kind"/>.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>One of <see cref="SignInKinds.All"/> for a provider that offers OAuth 2.0 without an ID token; null for an OpenID Connect <see cref="Issuer"/>.</summary>
    public string? Kind { get; set; }

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";
}
