using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Moderators;

/// <summary>Who the presented secret belongs to: the console signs in with it and shows the name.</summary>
public sealed class ModeratorFunctions(ModeratorSignIn signIn)
{
    [Function(nameof(GetSignedInModerator))]
    public Task<IResult> GetSignedInModerator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/me")] HttpRequest request)
        => signIn.RunAsync(request, moderator => Task.FromResult<IResult>(
            TypedResults.Json(new SignedInModerator(moderator), FunctionsJsonContext.Default.SignedInModerator)));
}

public sealed record SignedInModerator(string Name);
