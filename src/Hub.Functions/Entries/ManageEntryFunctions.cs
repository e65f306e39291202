using Hub.Core;
using Hub.Core.Comments;
using Hub.Core.Entries;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Entries;

/// <summary>Maintainers create, replace and remove entries (signed-in moderators).</summary>
public sealed class ManageEntryFunctions(EntryLifecycle entries, ModeratorSignIn signIn)
{
    /// <summary>Room for the longest body (30,000 characters, up to 3 UTF-8 bytes each, or 6 JSON-escaped) and the other fields.</summary>
    private const long MaxBodyBytes = 256 * 1024;

    [Function(nameof(PutResource))]
    public Task<IResult> PutResource(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/resources/{id}")] HttpRequest request,
        string id)
        => signIn.RunAsync(request, async moderator =>
        {
            if (!EntryIds.IsValid(id))
            {
                return Problems.Validation("id", EntryIds.Rule);
            }

            var (draft, problem) = await JsonBody.ReadAsync(request, HubJsonContext.Default.EntryDraft, MaxBodyBytes);
            if (problem is not null)
            {
                return problem;
            }

            var errors = new ValidationErrors();
            var content = EntryDraftValidator.Validate(id, draft!, errors);
            if (content is null)
            {
                return Problems.Validation(errors);
            }

            var (ifMatch, badIfMatch) = Preconditions.IfMatch(request);
            if (badIfMatch is not null)
            {
                return badIfMatch;
            }

            var result = await entries.SaveAsync(id, content, ifMatch, moderator, request.HttpContext.RequestAborted);
            return result switch
            {
                { Outcome: WriteOutcome.Created, Stored: { } stored } =>
                    TypedResults.Json(stored.Versioned(), HubJsonContext.Default.Entry, statusCode: StatusCodes.Status201Created)
                        .WithHeader("Location", $"/api/resources/{id}")
                        .WithHeader("ETag", stored.Tag),
                { Outcome: WriteOutcome.Replaced, Stored: { } stored } =>
                    TypedResults.Json(stored.Versioned(), HubJsonContext.Default.Entry).WithHeader("ETag", stored.Tag),
                _ => WriteProblem(result.Outcome, id),
            };
        });

    [Function(nameof(DeleteResource))]
    public Task<IResult> DeleteResource(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/resources/{id}")] HttpRequest request,
        string id)
        => signIn.RunAsync(request, async moderator =>
        {
            if (!EntryIds.IsValid(id))
            {
                return Problems.Validation("id", EntryIds.Rule);
            }

            var (ifMatch, badIfMatch) = Preconditions.IfMatch(request);
            if (badIfMatch is not null)
            {
                return badIfMatch;
            }

            var result = await entries.DeleteAsync(id, ifMatch, moderator, request.HttpContext.RequestAborted);
            return result.Outcome == WriteOutcome.Deleted ? TypedResults.NoContent() : WriteProblem(result.Outcome, id);
        });

    private static IResult WriteProblem(WriteOutcome outcome, string id) => outcome switch
    {
        WriteOutcome.NotFound => Problems.NotFound($"There is no entry with id '{id}'."),
        WriteOutcome.PreconditionFailed => Problems.PreconditionFailed(),
        WriteOutcome.Conflict => Problems.Conflict($"Entry '{id}' was changed by someone else at the same moment. Fetch it and try again."),
        _ => throw new UnhandledOutcomeException(outcome),
    };
}
