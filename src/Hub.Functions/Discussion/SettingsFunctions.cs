using Hub.Core;
using Hub.Core.Audit;
using Hub.Core.Discussion;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Discussion;

/// <summary>The discussion rules (WordPress's Settings → Discussion), read and replaced by moderators.</summary>
public sealed class SettingsFunctions(SettingsStore settings, AuditLog audit, ModeratorSignIn signIn)
{
    [Function(nameof(GetSettings))]
    public Task<IResult> GetSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/settings")] HttpRequest request)
        => signIn.RunAsync(request, async _ => TypedResults.Json(await settings.GetDiscussionAsync(request.HttpContext.RequestAborted), HubJsonContext.Default.DiscussionSettings));

    [Function(nameof(PutSettings))]
    public Task<IResult> PutSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/settings")] HttpRequest request)
        => signIn.RunAsync(request, async moderator =>
        {
            var (rules, problem) = await JsonBody.ReadAsync(request, HubJsonContext.Default.DiscussionSettings);
            if (problem is not null)
            {
                return problem;
            }

            var errors = new ValidationErrors();
            rules!.Validate(errors);
            if (!errors.IsEmpty)
            {
                return Problems.Validation(errors);
            }

            await settings.SaveDiscussionAsync(rules, request.HttpContext.RequestAborted);
            await audit.RecordAsync(new AuditEvent(moderator, "settings-changed"), request.HttpContext.RequestAborted);
            return TypedResults.Json(rules, HubJsonContext.Default.DiscussionSettings);
        });
}
