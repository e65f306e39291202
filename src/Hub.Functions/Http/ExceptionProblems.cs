using System.Text.Json;
using Hub.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Http;

/// <summary>
/// The answer to an exception: a 4xx when the client's request body could not be read (too slow,
/// broken off, malformed, too large), a 503 with Retry-After when storage is down, busy, missing a
/// table or too slow for the request's deadline, otherwise a 500 (a bug). Used by the body readers,
/// by the worker middleware in Azure and by the local host.
/// </summary>
public static partial class ExceptionProblems
{
    /// <summary>The log category of what the body readers answer (<see cref="ForBody"/>).</summary>
    public const string BodyLogCategory = "Hub.Functions.Http.RequestBody";

    /// <summary>
    /// Logs the exception and writes the problem with a Content-Length, so the answer is complete
    /// even when the Functions host then closes the connection of a failed invocation. Returns what
    /// the exception was taken for: a 4xx is the client's, and the invocation did its job.
    /// </summary>
    public static async Task<RequestFailure> WriteAsync(HttpContext context, Exception exception, ILogger logger, string invocationId)
    {
        var failure = Classify(exception, RequestDeadline.Of(context) is { HasPassed: true }, readingBody: false);
        Log(logger, failure, invocationId, exception);
        if (failure.Kind == FailureKind.TableMissing)
        {
            // Storage lost a table (deleted, or wiped): make each one again on its next use.
            context.RequestServices.GetService<HubTables>()?.Forget();
        }

        await new Answer(failure).ExecuteAsync(context);
        await context.Response.CompleteAsync();
        return failure;
    }

    /// <summary>
    /// For a body reader whose read threw: the 4xx problem when the body could not be read on the
    /// client's side, logged at Information as the client's problem; null when the exception is
    /// anything else (the reader throws it on).
    /// </summary>
    public static IResult? ForBody(HttpContext context, Exception exception)
    {
        var deadline = RequestDeadline.Of(context);
        var failure = Classify(exception, deadline is { HasPassed: true }, readingBody: true);
        if (!failure.IsClients)
        {
            return null;
        }

        var logger = context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(BodyLogCategory);
        if (logger is not null)
        {
            Log(logger, failure, deadline?.InvocationId ?? context.TraceIdentifier, exception);
        }

        return new Answer(failure);
    }

    /// <summary>
    /// What an exception means, from the exception and where the request was. The request's
    /// deadline firing is the client's slow network while its body is still being read, and
    /// storage's slowness at any other point (the body is then whole: the Functions host reads a
    /// <c>Content-Length</c> body before the function runs, and a chunked one has been read to its end).
    /// </summary>
    public static RequestFailure Classify(Exception exception, bool deadlinePassed, bool readingBody) => exception switch
    {
        // Kestrel's own refusals of a body: too slow (MinRequestBodyDataRate), too large, bad chunked framing.
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => new(FailureKind.BodyTooSlow, StatusCodes.Status408RequestTimeout, 0),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new(FailureKind.BodyTooLarge, StatusCodes.Status413PayloadTooLarge, 0),
        BadHttpRequestException => new(FailureKind.BodyIncomplete, StatusCodes.Status400BadRequest, 0),
        OperationCanceledException when readingBody && deadlinePassed => new(FailureKind.BodyTooSlow, StatusCodes.Status408RequestTimeout, 0),

        // The connection broke or the client left while its body was arriving.
        OperationCanceledException or IOException when readingBody => new(FailureKind.BodyIncomplete, StatusCodes.Status400BadRequest, 0),
        OperationCanceledException when deadlinePassed => new(FailureKind.StorageTooSlow, StatusCodes.Status503ServiceUnavailable, Problems.StorageBusyRetryAfterSeconds),
        _ when StorageFailure.IsMissingTable(exception) => new(FailureKind.TableMissing, StatusCodes.Status503ServiceUnavailable, Problems.StorageBusyRetryAfterSeconds),
        StorageBusyException => new(FailureKind.StorageUnavailable, StatusCodes.Status503ServiceUnavailable, Problems.StorageBusyRetryAfterSeconds),
        _ when StorageFailure.IsUnavailable(exception) => new(FailureKind.StorageUnavailable, StatusCodes.Status503ServiceUnavailable, Problems.StorageRetryAfterSeconds),
        _ => new(FailureKind.Bug, StatusCodes.Status500InternalServerError, 0),
    };

    /// <summary>
    /// The problem, written whole with a Content-Length and without the request's token: that token
    /// is the deadline's, already fired when this answers it (a JSON result given it writes no body).
    /// </summary>
    private sealed class Answer(RequestFailure failure) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            if (failure.RetryAfterSeconds > 0)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var body = JsonSerializer.SerializeToUtf8Bytes(Details(failure), ProblemJsonContext.Default.ProblemDetails);
            context.Response.StatusCode = failure.Status;
            context.Response.ContentType = "application/problem+json";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, CancellationToken.None);
        }
    }

    private static ProblemDetails Details(RequestFailure failure) => failure.Kind switch
    {
        FailureKind.BodyTooSlow => new()
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.9",
            Status = failure.Status,
            Title = "The request body did not arrive in time.",
            Detail = $"The body was still arriving when the request's {RequestDeadline.Budget.TotalSeconds:0} seconds were up. Nothing was stored; send it again (a comment with the same Idempotency-Key).",
        },
        FailureKind.BodyTooLarge => new()
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
            Status = failure.Status,
            Title = "The request body is too large.",
            Detail = "The body is larger than the host accepts. Nothing was stored.",
        },
        FailureKind.BodyIncomplete => new()
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Status = failure.Status,
            Title = "The request body is incomplete.",
            Detail = "The body broke off before its end, or its chunked framing is malformed. Nothing was stored; send it again.",
        },
        FailureKind.Bug => Problems.UnexpectedDetails(),
        _ => Problems.StorageUnavailableDetails(),
    };

    private static void Log(ILogger logger, RequestFailure failure, string invocationId, Exception exception)
    {
        switch (failure.Kind)
        {
            case FailureKind.BodyTooSlow:
                LogBodyTooSlow(logger, failure.Status, RequestDeadline.Budget.TotalSeconds, invocationId, exception.Message);
                break;
            case FailureKind.BodyTooLarge or FailureKind.BodyIncomplete:
                LogBodyUnreadable(logger, failure.Status, invocationId, exception.Message);
                break;
            case FailureKind.StorageTooSlow:
                LogDeadline(logger, invocationId, RequestDeadline.Budget.TotalSeconds, exception);
                break;
            case FailureKind.TableMissing:
                LogMissingTable(logger, invocationId, exception);
                break;
            case FailureKind.StorageUnavailable:
                LogStorageUnavailable(logger, invocationId, exception);
                break;
            default:
                LogUnhandled(logger, invocationId, exception);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The request body was still arriving when the request's {Seconds} s were up: answered {Status}, the client's network, not storage (invocation {InvocationId}): {Reason}")]
    private static partial void LogBodyTooSlow(ILogger logger, int status, double seconds, string invocationId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The request body could not be read to its end: answered {Status}, the client's problem, not storage (invocation {InvocationId}): {Reason}")]
    private static partial void LogBodyUnreadable(ILogger logger, int status, string invocationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is unavailable (invocation {InvocationId})")]
    private static partial void LogStorageUnavailable(ILogger logger, string invocationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage did not answer within the request's {Seconds} s (invocation {InvocationId})")]
    private static partial void LogDeadline(ILogger logger, string invocationId, double seconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A table was missing; the tables will be created again (invocation {InvocationId})")]
    private static partial void LogMissingTable(ILogger logger, string invocationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception (invocation {InvocationId})")]
    private static partial void LogUnhandled(ILogger logger, string invocationId, Exception exception);
}

/// <summary>What stopped a request, as <see cref="ExceptionProblems.Classify"/> tells it.</summary>
public enum FailureKind
{
    /// <summary>The body was still arriving when the deadline fired, or Kestrel found it below its minimum rate.</summary>
    BodyTooSlow,

    /// <summary>The body is over the host's limit (Kestrel's MaxRequestBodySize, met while reading a chunked body).</summary>
    BodyTooLarge,

    /// <summary>The body broke off (connection reset, the client left) or its chunked framing is malformed.</summary>
    BodyIncomplete,

    /// <summary>The deadline fired while the hub waited on storage.</summary>
    StorageTooSlow,

    TableMissing,

    StorageUnavailable,

    Bug,
}

/// <summary>A classified failure: the status to answer and the Retry-After (0 for none).</summary>
public readonly record struct RequestFailure(FailureKind Kind, int Status, int RetryAfterSeconds)
{
    /// <summary>The client's problem (a 4xx): logged at Information, never counted as a storage failure or a bug.</summary>
    public bool IsClients => Status < 500;
}
