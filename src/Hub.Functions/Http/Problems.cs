using Hub.Core.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hub.Functions.Http;

/// <summary>RFC 9457 problem+json answers, one factory per kind of failure the API reports.</summary>
public static class Problems
{
    public const int StorageRetryAfterSeconds = 30;

    /// <summary>For storage that is slow, contended or re-creating a table, rather than down.</summary>
    public const int StorageBusyRetryAfterSeconds = 2;

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

    /// <summary>401 for a missing or refused credential in the given Authorization scheme.</summary>
    public static IResult Unauthorized(string scheme, string detail)
        => Problem(StatusCodes.Status401Unauthorized, "Authorization is required.", detail).WithHeader("WWW-Authenticate", scheme + " realm=\"hub\"");

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden.", detail);

    public static IResult TooLarge(ValidationErrors errors)
        => TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The content is too long.",
            Detail = "See errors for the limit.",
        });

    public static IResult TooManyRequests(TimeSpan retryAfter)
        => TooMany(retryAfter, "Too many comments.", seconds => $"You are posting too quickly. Wait {seconds} seconds and try again.");

    public static IResult TooManySignInAttempts(TimeSpan retryAfter)
        => TooMany(retryAfter, "Too many refused sign-ins.", seconds => $"Several wrong moderator secrets came from your address. Wait {seconds} seconds and try again.");

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
        => TypedResults.Problem(StorageUnavailableDetails())
            .WithHeader("Retry-After", StorageRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static ProblemDetails StorageUnavailableDetails() => new()
    {
        Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Storage is unavailable.",
        Detail = "The hub cannot reach its storage right now. Try again shortly.",
    };

    public static ProblemDetails UnexpectedDetails() => new()
    {
        Type = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        Status = StatusCodes.Status500InternalServerError,
        Title = "Something went wrong on our side.",
        Detail = "The error has been logged.",
    };

    private static IResult TooMany(TimeSpan retryAfter, string title, Func<int, string> detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return Problem(StatusCodes.Status429TooManyRequests, title, detail(seconds))
            .WithHeader("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static ProblemHttpResult Problem(int status, string title, string detail)
        => TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
