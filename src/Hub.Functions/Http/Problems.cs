using Hub.Core.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hub.Functions.Http;

/// <summary>RFC 9457 problem+json answers, one factory per kind of failure the API reports.</summary>
public static class Problems
{
    public const int StorageRetryAfterSeconds = 30;

    public static IResult Validation(ValidationErrors errors)
        => TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid fields.",
            Detail = "See errors for what is wrong with each field.",
        });

    public static IResult Validation(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return Validation(errors);
    }

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "The request is malformed.", detail);

    public static IResult Unauthorized(string detail = "Send the manage key in the x-functions-key header (or the code query parameter).")
        => Problem(StatusCodes.Status401Unauthorized, "Authorization is required.", detail);

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden.", detail);

    public static IResult TooLarge(ValidationErrors errors)
        => TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The content is too long.",
            Detail = "See errors for the limit.",
        });

    public static IResult TooManyRequests(TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return Problem(StatusCodes.Status429TooManyRequests, "Too many comments.", $"You are posting too quickly. Wait {seconds} seconds and try again.")
            .WithHeader("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static IResult PreconditionRequired()
        => Problem(StatusCodes.Status428PreconditionRequired, "If-Match is required.", "Send the comment's etag in If-Match, so a change made by another moderator is never overwritten.");

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found.", detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict.", detail);

    public static IResult PreconditionFailed()
        => Problem(StatusCodes.Status412PreconditionFailed, "The resource has changed.", "It was changed since the version named in If-Match. Fetch it again and reapply your change.");

    public static IResult PayloadTooLarge(long maxBytes)
        => Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"The body may be at most {maxBytes} bytes.");

    public static IResult UnsupportedMediaType()
        => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "Send the body as application/json.");

    public static IResult StorageUnavailable()
        => Problem(StatusCodes.Status503ServiceUnavailable, "Storage is unavailable.", "The hub cannot reach its storage right now. Try again shortly.")
            .WithHeader("Retry-After", StorageRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static IResult Unexpected()
        => Problem(StatusCodes.Status500InternalServerError, "Something went wrong on our side.", "The error has been logged.");

    private static ProblemHttpResult Problem(int status, string title, string detail)
        => TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
