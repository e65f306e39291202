using System.Text.Json;
using Hub.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Http;

/// <summary>
/// The answer to an exception no function handled: a 503 with Retry-After when storage is
/// down, otherwise a 500 (a bug). Used by the worker middleware in Azure and by the local host.
/// </summary>
public static partial class ExceptionProblems
{
    /// <summary>
    /// Logs the exception and writes the problem with a Content-Length, so the answer is complete
    /// even when the Functions host then closes the connection of a failed invocation.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, Exception exception, ILogger logger, string invocationId)
    {
        int status;
        ProblemDetails problem;
        if (StorageFailure.IsUnavailable(exception))
        {
            LogStorageUnavailable(logger, invocationId, exception);
            status = StatusCodes.Status503ServiceUnavailable;
            problem = Problems.StorageUnavailableDetails();
            context.Response.Headers.RetryAfter = Problems.StorageRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            LogUnhandled(logger, invocationId, exception);
            status = StatusCodes.Status500InternalServerError;
            problem = Problems.UnexpectedDetails();
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(problem, ProblemJsonContext.Default.ProblemDetails);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
        await context.Response.CompleteAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is unavailable (invocation {InvocationId})")]
    private static partial void LogStorageUnavailable(ILogger logger, string invocationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception (invocation {InvocationId})")]
    private static partial void LogUnhandled(ILogger logger, string invocationId, Exception exception);
}
