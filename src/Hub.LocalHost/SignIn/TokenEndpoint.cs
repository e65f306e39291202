using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hub.LocalHost.SignIn;

/// <summary>
/// <c>POST /token</c>: a code exchanged for an ID token (RFC 6749 §4.1.3, OpenID Connect Core
/// §3.1.3), checking what a real provider checks: the client's secret, the code (once, in time),
/// the redirect URI it was issued for and the PKCE verifier. Errors are RFC 6749 §5.2's JSON.
/// </summary>
public static class TokenEndpoint
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    public static async Task<IResult> ExchangeAsync(HttpContext context, StandInIssuer issuer)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (await PostedForm.ReadAsync(context.Request) is not { } form)
        {
            return Error("invalid_request", "The body is not a readable application/x-www-form-urlencoded form.");
        }

        if (ClientCredentials.Read(context.Request, form) is not { } credentials || !credentials.Authenticate(issuer.Client, [CredentialMethod.Post, CredentialMethod.Basic]))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"stand-in issuer\"";
            return Error("invalid_client", "The client id or secret is wrong.", StatusCodes.Status401Unauthorized);
        }

        if (form["grant_type"] != "authorization_code")
        {
            return Error("unsupported_grant_type", "Only grant_type authorization_code is supported.");
        }

        var grant = issuer.Codes.Redeem(form["code"]);
        if (grant is null)
        {
            return Error("invalid_grant", "The code is unknown, already used or expired.");
        }

        if (form["redirect_uri"] != grant.RedirectUri)
        {
            return Error("invalid_grant", "redirect_uri is not the one the code was issued for.");
        }

        if (!Pkce.Verifies(form["code_verifier"], grant.CodeChallenge))
        {
            return Error("invalid_grant", "code_verifier does not match the code_challenge.");
        }

        return Results.Json(new
        {
            access_token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)),
            token_type = "Bearer",
            expires_in = (int)TokenLifetime.TotalSeconds,
            id_token = IdToken(issuer, grant),
        });
    }

    private static string IdToken(StandInIssuer issuer, SignInGrant grant)
    {
        var now = issuer.Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.Origin,
            Audience = issuer.Client.Id,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + TokenLifetime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = SignInName.Subject(grant.Name),
                [JwtRegisteredClaimNames.Name] = grant.Name,
                [JwtRegisteredClaimNames.Nonce] = grant.Nonce,
            },
            SigningCredentials = issuer.Key.Credentials,
        });
    }

    private static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest)
        => Results.Json(new { error, error_description = description }, statusCode: status);
}
