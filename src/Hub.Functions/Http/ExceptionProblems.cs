using System.Text.Json;
using Hub.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Http;

/// <summary>
/// The answer to an exception no function handled: a 503 with Retry-After when storage is down,
/// busy, missing a table or too slow for the request's deadline, otherwise a 500 (a bug). Used by
/// the worker middleware in Azure and by the local host.
/// </summary>
public static partial class ExceptionProblems
{
    /// <summary>
    /// Logs the exception and writes the problem with a Content-Length, so the answer is complete
    /// even when the Functions host then closes the connection of a failed invocation.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, Exception exception, ILogger logger, string invocationId)
    {
        var (problem, retryAfterSeconds) = Classify(context, exception, logger, invocationId);
        if (retryAfterSeconds > 0)
        {
            context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(problem, ProblemJsonContext.Default.ProblemDetails);
        context.Response.StatusCode = problem.Status!.Value;
        context.Response.ContentType = "application/problem+json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
        await context.Response.CompleteAsync();
    }

    private static (ProblemDetails Problem, int RetryAfterSeconds) Classify(HttpContext context, Exception exception, ILogger logger, string invocationId)
    {
        if (exception is OperationCanceledException && RequestDeadline.Of(context) is { HasPassed: true })
        {
            LogDeadline(logger, invocationId, RequestDeadline.Budget.TotalSeconds, exception);
            return (Problems.StorageUnavailableDetails(), Problems.StorageBusyRetryAfterSeconds);
        }

        if (StorageFailure.IsMissingTable(exception))
        {
            // Storage lost a table (deleted, or wiped): make each one again on its next use.
            context.RequestServices.GetService<HubTables>()?.Forget();
            LogMissingTable(logger, invocationId, exception);
            return (Problems.StorageUnavailableDetails(), Problems.StorageBusyRetryAfterSeconds);
        }

        if (StorageFailure.IsUnavailable(exception))
        {
            LogStorageUnavailable(logger, invocationId, exception);
            return (Problems.StorageUnavailableDetails(), exception is StorageBusyException ? Problems.StorageBusyRetryAfterSeconds : Problems.StorageRetryAfterSeconds);
        }

        LogUnhandled(logger, invocationId, exception);
        return (Problems.UnexpectedDetails(), 0);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is unavailable (invocation {InvocationId})")]
    private static partial void LogStorageUnavailable(ILogger logger, string invocationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage did not answer within the request's {Seconds} s (invocation {InvocationId})")]
    private static partial void LogDeadline(ILogger logger, string invocationId, double seconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A table was missing; the tables will be created again (invocation {InvocationId})")]
    private static partial void LogMissingTable(ILogger logger, string invocationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception (invocation {InvocationId})")]
    private static partial void LogUnhandled(ILogger logger, string invocationId, Exception exception);
}
