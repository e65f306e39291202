using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Hub.LocalHost.SignIn;

/// <summary>How a client sent its id and secret to a token endpoint (RFC 6749 §2.3.1).</summary>
public enum CredentialMethod
{
    /// <summary><c>client_secret_post</c>: in the form.</summary>
    Post,

    /// <summary><c>client_secret_basic</c>: each form-encoded, then Base64 in <c>Authorization: Basic</c>.</summary>
    Basic,
}

public sealed record ClientCredentials(string? Id, string? Secret, CredentialMethod Method)
{
    /// <summary>The credentials as sent; null for a malformed header or both methods at once.</summary>
    public static ClientCredentials? Read(HttpRequest request, IFormCollection form)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header))
        {
            return new ClientCredentials(form["client_id"], form["client_secret"], CredentialMethod.Post);
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || form.ContainsKey("client_secret"))
        {
            return null;
        }

        var bytes = new byte[header.Parameter?.Length ?? 0];
        if (!Convert.TryFromBase64String(header.Parameter ?? "", bytes, out var length) || Encoding.UTF8.GetString(bytes, 0, length).Split(':', 2) is not [var id, var secret])
        {
            return null;
        }

        return new ClientCredentials(WebUtility.UrlDecode(id), WebUtility.UrlDecode(secret), CredentialMethod.Basic);
    }

    /// <summary>Whether these are <paramref name="client"/>'s, sent by a method the provider accepts.</summary>
    public bool Authenticate(IssuerClient client, IReadOnlyCollection<CredentialMethod> accepted)
        => accepted.Contains(Method) && Id == client.Id && client.HasSecret(Secret);
}
