using Hub.Core.Moderators;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Http;

/// <summary>
/// The door of every manage route: the moderator's own secret in <c>Authorization: Moderator</c>,
/// checked by the function itself, so Azure and the local host take the same path and the audit
/// log names the same person. (A function key cannot do this: its name never reaches the
/// isolated worker.)
/// </summary>
public sealed partial class ModeratorSignIn(ModeratorStore moderators, SignInThrottle throttle, ILogger<ModeratorSignIn> logger)
{
    /// <summary>Runs the action as the signed-in moderator (their name is its argument), or answers 401 or 429.</summary>
    public async Task<IResult> RunAsync(HttpRequest request, Func<string, Task<IResult>> action)
    {
        var client = Callers.ClientAddress(request);
        if (throttle.IsBlocked(client))
        {
            LogThrottled(logger, request.Path);
            return Problems.TooManySignInAttempts(SignInThrottle.Window);
        }

        if (Callers.Credential(request, Callers.ModeratorScheme) is not { } secret)
        {
            return Problems.Unauthorized(Callers.ModeratorScheme, "Sign in: send your moderator secret as Authorization: Moderator <secret>.");
        }

        if (await moderators.IdentifyAsync(secret, request.HttpContext.RequestAborted) is not { } moderator)
        {
            throttle.RecordFailure(client);
            LogRefused(logger, request.Path);
            return Problems.Unauthorized(Callers.ModeratorScheme, "That moderator secret is not valid: it was mistyped, replaced or revoked.");
        }

        using (logger.BeginScope(new Dictionary<string, object> { ["Moderator"] = moderator }))
        {
            return await action(moderator);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A moderator secret was refused on {Path}")]
    private static partial void LogRefused(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many refused moderator secrets from one client; {Path} refused unchecked")]
    private static partial void LogThrottled(ILogger logger, string path);
}
