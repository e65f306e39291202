using Hub.Core;
using Hub.Core.Comments;
using Hub.Core.Discussion;
using Hub.Core.Entries;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Hub.Site.Rendering;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Comments;

/// <summary>Readers and commenters: post a comment, read an entry's approved comments, withdraw one's own.</summary>
public sealed class CommentFunctions(
    CommentSubmissions submissions, PublicComments comments, EntryRepository resources, SettingsStore settings, ReaderResponses answers, CommenterSignIn commenters, SiteContext site, TimeProvider clock)
{
    /// <summary>Room for the longest comment the settings allow, JSON-escaped, plus the other fields.</summary>
    private const long MaxBodyBytes = 256 * 1024;

    [Function(nameof(PostComment))]
    public async Task<IResult> PostComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "resources/{id}/comments")] HttpRequest request,
        string id)
    {
        if (!EntryIds.IsValid(id))
        {
            return Problems.Validation("id", EntryIds.Rule);
        }

        var idempotencyKey = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : null;
        if (idempotencyKey is not null && !Idempotency.IsValidKey(idempotencyKey))
        {
            return Problems.Validation("Idempotency-Key", $"must be 1 to {Idempotency.MaxKeyLength} visible ASCII characters (a UUID is best)");
        }

        var (identity, refused) = await commenters.ReadAsync(request);
        if (refused is not null)
        {
            return refused;
        }

        // A browser without JavaScript posts the entry page's form itself, and is sent back to the page (as WordPress does).
        var fromForm = FormBody.IsForm(request);
        var (submission, problem) = fromForm
            ? await FormBody.ReadCommentAsync(request, MaxBodyBytes)
            : await JsonBody.ReadAsync(request, HubJsonContext.Default.CommentSubmission, MaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var result = await submissions.SubmitAsync(id, submission!, identity, Callers.ClientAddress(request), idempotencyKey, request.HttpContext.RequestAborted);
        return result.Outcome switch
        {
            SubmitOutcome.Accepted when fromForm => TypedResults.StatusCode(StatusCodes.Status303SeeOther).WithHeader(
                "Location", site.Absolute(SiteContext.EntryPath(id)) + (result.Comment is { } published ? $"#comment-{published.Id}" : "#comment-held")),
            SubmitOutcome.Accepted when result.Comment is { } comment => TypedResults.Json(
                new ApprovedReceipt(comment.Id, comment.ParentId, comment.AuthorName, comment.AuthorUrl, comment.Content, comment.CreatedAt, CommentStatus.Approved.ToApi(), result.WithdrawToken!, MarkdownText.Comment(comment.Content), comment.SignedInWith),
                FunctionsJsonContext.Default.ApprovedReceipt,
                statusCode: StatusCodes.Status201Created),
            SubmitOutcome.Accepted => TypedResults.Json(
                new HeldReceipt(result.Id!, CommentStatus.Pending.ToApi(), result.WithdrawToken!, MarkdownText.Comment(submission!.Content ?? "")),
                FunctionsJsonContext.Default.HeldReceipt,
                statusCode: StatusCodes.Status202Accepted),
            SubmitOutcome.Invalid => Problems.Validation(result.Errors!),
            SubmitOutcome.TooLong => Problems.TooLarge(result.Errors!),
            SubmitOutcome.EntryNotFound => Problems.NotFound($"There is no entry with id '{id}'."),
            SubmitOutcome.ParentNotFound => Problems.NotFound("The comment you are replying to does not exist on this entry, or is not public."),
            SubmitOutcome.Closed => Problems.Forbidden("Comments are closed on this entry."),
            SubmitOutcome.Duplicate => Problems.Conflict("You have already posted this comment on this entry."),
            SubmitOutcome.TooSoon => Problems.TooManyRequests(result.RetryAfter),
            SubmitOutcome.InProgress => Problems.Conflict("A request with this Idempotency-Key is still being handled. Retry in a moment for its answer."),
            _ => throw new UnhandledOutcomeException(result.Outcome),
        };
    }

    [Function(nameof(ListComments))]
    public async Task<IResult> ListComments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "resources/{id}/comments")] HttpRequest request,
        string id)
    {
        if (!EntryIds.IsValid(id))
        {
            return Problems.Validation("id", EntryIds.Rule);
        }

        var errors = new ValidationErrors();
        var (limit, after) = QueryParameters.Paging(request.Query, errors, PublicComments.DefaultPageSize, PublicComments.MaxPageSize, PublicComments.TryDecodeCursor);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        return await answers.AnswerAsync(request, async () =>
        {
            // The entry (usually from memory) and the page are read at once: one storage round trip.
            var entryRead = resources.GetAsync(id, request.HttpContext.RequestAborted);
            var pageRead = comments.ListApprovedAsync(id, after, limit, request.HttpContext.RequestAborted);
            await Task.WhenAll(entryRead, pageRead);
            if (await entryRead is not { } entry)
            {
                return (null, Problems.NotFound($"There is no entry with id '{id}'."));
            }

            var rules = await settings.GetDiscussionAsync(request.HttpContext.RequestAborted);
            var page = await pageRead;
            page = page with
            {
                Items = page.Items.Select(comment => comment with { Html = MarkdownText.Comment(comment.Content) }).ToList(),
                Discussion = rules.PublicInfo(entry.Entry, clock.GetUtcNow()),
            };
            return (ReaderCaching.Serialize(page, HubJsonContext.Default.PublicCommentPage), null);
        });
    }

    /// <summary>
    /// The commenter withdraws their own comment: with the token from the POST answer
    /// (Authorization: Withdraw), or signed in as its author (Authorization: Commenter).
    /// </summary>
    [Function(nameof(WithdrawComment))]
    public async Task<IResult> WithdrawComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "resources/{id}/comments/{commentId}")] HttpRequest request,
        string id,
        string commentId)
    {
        var errors = new ValidationErrors();
        if (!EntryIds.IsValid(id))
        {
            errors.Add("id", EntryIds.Rule);
        }

        if (!CommentId.IsValid(commentId))
        {
            errors.Add("commentId", CommentId.Rule);
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var token = Callers.Credential(request, Callers.WithdrawScheme);
        var (identity, refused) = token is null ? await commenters.ReadAsync(request) : (null, null);
        if (refused is not null)
        {
            return refused;
        }

        if (token is null && identity is null)
        {
            return Problems.Unauthorized(
                Callers.WithdrawScheme,
                "Send the withdrawal token from the answer to your comment as Authorization: Withdraw <token>, or your sign-in as Authorization: Commenter <token>.");
        }

        var outcome = await submissions.WithdrawAsync(id, commentId, token, identity, request.HttpContext.RequestAborted);
        return outcome switch
        {
            CommentSubmissions.WithdrawOutcome.Withdrawn => TypedResults.NoContent(),
            CommentSubmissions.WithdrawOutcome.NotFound => Problems.NotFound("There is no such comment."),
            CommentSubmissions.WithdrawOutcome.WrongToken => Problems.Forbidden(token is null ? "You did not write this comment." : "That token does not withdraw this comment."),
            CommentSubmissions.WithdrawOutcome.Changed => Problems.Conflict("The comment changed while it was being withdrawn. Try again."),
            _ => throw new UnhandledOutcomeException(outcome),
        };
    }
}
