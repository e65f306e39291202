using System.Text.Json.Nodes;
using Hub.Core;
using Hub.Core.Audit;
using Hub.Core.Discussion;
using Hub.Core.Publishing;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Discussion;

/// <summary>The discussion rules (WordPress's Settings → Discussion): read, replaced whole (PUT) or changed in part (PATCH) by moderators.</summary>
public sealed partial class SettingsFunctions(SettingsStore settings, AuditLog audit, IPageUpdates pages, ModeratorSignIn signIn, ILogger<SettingsFunctions> logger)
{
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
        var (body, problem) = await JsonBody.ReadAsync(request, FunctionsJsonContext.Default.JsonObject);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var saved = await settings.ChangeDiscussionAsync(current => apply(current, body!, errors), request.HttpContext.RequestAborted);
        if (saved is null)
        {
            return Problems.Validation(errors);
        }

        await audit.RecordAsync(new AuditEvent(moderator, "settings-changed"), request.HttpContext.RequestAborted);
        await RenderEntryPagesAsync(request.HttpContext.RequestAborted);
        return TypedResults.Json(saved, HubJsonContext.Default.DiscussionSettings);
    }

    /// <summary>
    /// Every entry page, batch by batch. For now in the request (the follow-up will take it off
    /// the request path); a failure does not fail the committed change: the site's repair renders the pages.
    /// </summary>
    private async Task RenderEntryPagesAsync(CancellationToken cancellationToken)
    {
        try
        {
            string? cursor = null;
            do
            {
                cursor = await pages.RulesChangedAsync(cursor, cancellationToken);
            }
            while (cursor is not null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPagesFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not render every entry page after the rules changed; the site's repair renders them")]
    private static partial void LogPagesFailed(ILogger logger, Exception exception);
}
