using Azure;
using Hub.Core;
using Hub.Core.Comments;
using Hub.Core.Entries;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Comments;

/// <summary>Moderators (signed in): the queue, status changes one at a time or in bulk, and permanent deletion.</summary>
public sealed class ModerationFunctions(Moderation moderation, ModeratorSignIn signIn)
{
    public const int MaxBulk = 100;

    [Function(nameof(ListModerationQueue))]
    public Task<IResult> ListModerationQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/comments")] HttpRequest request)
        => signIn.RunAsync(request, async _ =>
        {
            var errors = new ValidationErrors();
            var statusText = QueryParameters.One(request.Query, "status", errors) ?? CommentStatus.Pending.ToApi();
            if (!CommentStatuses.TryParse(statusText, out var status))
            {
                errors.Add("status", "must be " + CommentStatuses.Allowed);
            }

            var (limit, after) = QueryParameters.Paging(request.Query, errors, Moderation.DefaultPageSize, Moderation.MaxPageSize, Moderation.TryDecodeCursor);
            if (!errors.IsEmpty)
            {
                return Problems.Validation(errors);
            }

            var page = await moderation.ListAsync(status, after, limit, request.HttpContext.RequestAborted);
            return TypedResults.Json(page, HubJsonContext.Default.ModerationPage);
        });

    /// <summary>How many comments each queue tab holds.</summary>
    [Function(nameof(CountModerationQueue))]
    public Task<IResult> CountModerationQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/comments/counts")] HttpRequest request)
        => signIn.RunAsync(request, async _ => TypedResults.Json(await moderation.CountAsync(request.HttpContext.RequestAborted), HubJsonContext.Default.QueueCounts));

    [Function(nameof(ChangeCommentStatus))]
    public Task<IResult> ChangeCommentStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "manage/comments/{entryId}/{commentId}")] HttpRequest request,
        string entryId,
        string commentId)
        => signIn.RunAsync(request, async moderator =>
        {
            if (CheckIds(entryId, commentId) is { } invalid)
            {
                return invalid;
            }

            var (change, problem) = await JsonBody.ReadAsync(request, FunctionsJsonContext.Default.StatusChange);
            if (problem is not null)
            {
                return problem;
            }

            if (!CommentStatuses.TryParse(change!.Status, out var status))
            {
                return Problems.Validation("status", "must be " + CommentStatuses.Allowed);
            }

            var (ifMatch, badIfMatch) = Preconditions.IfMatch(request);
            if (badIfMatch is not null || ifMatch is null)
            {
                return badIfMatch ?? Problems.PreconditionRequired();
            }

            var result = await moderation.ChangeStatusAsync(entryId, commentId, status, ifMatch.Value, moderator, request.HttpContext.RequestAborted);
            return result.Outcome switch
            {
                ModerationOutcome.Done => TypedResults.Json(result.Comment!, HubJsonContext.Default.ModeratedComment).WithHeader("ETag", result.Comment!.Etag),
                ModerationOutcome.NotFound => Problems.NotFound("There is no such comment."),
                ModerationOutcome.PreconditionFailed => Problems.PreconditionFailed(),
                _ => throw new UnhandledOutcomeException(result.Outcome),
            };
        });

    [Function(nameof(DeleteComment))]
    public Task<IResult> DeleteComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/comments/{entryId}/{commentId}")] HttpRequest request,
        string entryId,
        string commentId)
        => signIn.RunAsync(request, async moderator =>
        {
            if (CheckIds(entryId, commentId) is { } invalid)
            {
                return invalid;
            }

            var (ifMatch, badIfMatch) = Preconditions.IfMatch(request);
            if (badIfMatch is not null)
            {
                return badIfMatch;
            }

            var outcome = await moderation.DeleteAsync(entryId, commentId, ifMatch, moderator, request.HttpContext.RequestAborted);
            return outcome switch
            {
                ModerationOutcome.Done => TypedResults.NoContent(),
                ModerationOutcome.NotFound => Problems.NotFound("There is no such comment."),
                ModerationOutcome.NotDeletable => Problems.Conflict("Only a comment in spam or trash can be deleted permanently. Move it there first."),
                ModerationOutcome.PreconditionFailed => Problems.PreconditionFailed(),
                _ => throw new UnhandledOutcomeException(outcome),
            };
        });

    [Function(nameof(BulkChangeCommentStatus))]
    public Task<IResult> BulkChangeCommentStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/comments/bulk")] HttpRequest request)
        => signIn.RunAsync(request, async moderator =>
        {
            var (bulk, problem) = await JsonBody.ReadAsync(request, FunctionsJsonContext.Default.BulkStatusChange);
            if (problem is not null)
            {
                return problem;
            }

            var errors = new ValidationErrors();
            if (!CommentStatuses.TryParse(bulk!.Status, out var status))
            {
                errors.Add("status", "must be " + CommentStatuses.Allowed);
            }

            if (bulk.Comments is not { Count: > 0 and <= MaxBulk })
            {
                errors.Add("comments", $"must list 1 to {MaxBulk} comments");
            }

            if (!errors.IsEmpty)
            {
                return Problems.Validation(errors);
            }

            var results = new List<BulkResult>(bulk.Comments!.Count);
            foreach (var item in bulk.Comments!)
            {
                results.Add(await ChangeOneAsync(item, status, moderator, request.HttpContext.RequestAborted));
            }

            return TypedResults.Json(new BulkResults(results), FunctionsJsonContext.Default.BulkResults);
        });

    private async Task<BulkResult> ChangeOneAsync(BulkItem? item, CommentStatus status, string moderator, CancellationToken cancellationToken)
    {
        if (item is not { EntryId: { } entryId, CommentId: { } commentId, Etag: { } etag } || !EntryIds.IsValid(entryId) || !CommentId.IsValid(commentId) || !Preconditions.IsEntityTag(etag))
        {
            return new BulkResult(item?.EntryId, item?.CommentId, StatusCodes.Status400BadRequest, null, "each comment needs a valid entryId, commentId and etag");
        }

        var result = await moderation.ChangeStatusAsync(entryId, commentId, status, new ETag(etag), moderator, cancellationToken);
        return result.Outcome switch
        {
            ModerationOutcome.Done => new BulkResult(entryId, commentId, StatusCodes.Status200OK, result.Comment!.Etag, null),
            ModerationOutcome.NotFound => new BulkResult(entryId, commentId, StatusCodes.Status404NotFound, null, "there is no such comment"),
            ModerationOutcome.PreconditionFailed => new BulkResult(entryId, commentId, StatusCodes.Status412PreconditionFailed, null, "it changed since that etag"),
            _ => throw new UnhandledOutcomeException(result.Outcome),
        };
    }

    private static IResult? CheckIds(string entryId, string commentId)
    {
        var errors = new ValidationErrors();
        if (!EntryIds.IsValid(entryId))
        {
            errors.Add("entryId", EntryIds.Rule);
        }

        if (!CommentId.IsValid(commentId))
        {
            errors.Add("commentId", CommentId.Rule);
        }

        return errors.IsEmpty ? null : Problems.Validation(errors);
    }
}
