using System.Text.Json.Nodes;
using Hub.Core;
using Hub.Core.Audit;
using Hub.Core.Discussion;
using Hub.Core.Publishing;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Discussion;

/// <summary>The discussion rules (WordPress's Settings → Discussion): read, replaced whole (PUT) or changed in part (PATCH) by moderators.</summary>
public sealed class SettingsFunctions(SettingsStore settings, ModeratorSignIn signIn)
{
    /// <summary>Room for both word lists at their longest (20,000 characters each), even with every character escaped (\uXXXX).</summary>
    public const long MaxBodyBytes = 256 * 1024;

    [Function(nameof(GetSettings))]
    public Task<IResult> GetSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/settings")] HttpRequest request)
        => signIn.RunAsync(request, async _ => TypedResults.Json(await settings.GetDiscussionAsync(request.HttpContext.RequestAborted), HubJsonContext.Default.DiscussionSettings));

    [Function(nameof(PutSettings))]
    public Task<IResult> PutSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/settings")] HttpRequest request)
        => signIn.RunAsync(request, moderator => ChangeAsync(request, moderator, (_, body, errors) => SettingsDocument.Replacement(body, errors)));

    [Function(nameof(PatchSettings))]
    public Task<IResult> PatchSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "manage/settings")] HttpRequest request)
        => signIn.RunAsync(request, moderator => ChangeAsync(request, moderator, SettingsDocument.Merge));

    private async Task<IResult> ChangeAsync(HttpRequest request, string moderator, Func<DiscussionSettings, JsonObject, ValidationErrors, DiscussionSettings?> apply)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, SettingsJsonContext.Default.JsonObject, MaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var saved = await settings.ChangeDiscussionAsync(current => apply(current, body!, errors), moderator, request.HttpContext.RequestAborted);
        if (saved is null)
        {
            return Problems.Validation(errors);
        }

        return TypedResults.Json(saved, HubJsonContext.Default.DiscussionSettings);
    }
}
