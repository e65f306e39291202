using Hub.Core.Comments;
using Hub.Functions.Auth;
using Microsoft.AspNetCore.Http;

namespace Hub.Functions.Http;

/// <summary>A signed-in commenter's <c>Authorization: Commenter &lt;token&gt;</c> (see <see cref="CommenterTokens"/>).</summary>
public sealed class CommenterSignIn(CommenterTokens tokens)
{
    /// <summary>
    /// No header in the scheme: an anonymous commenter (null, null). A token that is forged,
    /// expired or for a provider no longer offered: a 401 to answer with.
    /// </summary>
    public async Task<(CommenterIdentity? Identity, IResult? Refused)> ReadAsync(HttpRequest request)
    {
        if (Callers.Credential(request, Callers.CommenterScheme) is not { } token)
        {
            return (null, null);
        }

        return await tokens.ReadAsync(token, request.HttpContext.RequestAborted) is { } identity
            ? (identity, null)
            : (null, Problems.Unauthorized(Callers.CommenterScheme, "Your sign-in has expired or is not valid. Sign in again, or post without signing in."));
    }
}
