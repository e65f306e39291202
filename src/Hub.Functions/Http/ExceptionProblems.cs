using Hub.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Http;

/// <summary>
/// The answer to an exception no function handled: a 503 with Retry-After when storage is
/// down, otherwise a 500 (a bug). Used by the worker middleware in Azure and by the local host.
/// </summary>
public static partial class ExceptionProblems
{
    public static IResult ToResult(Exception exception, ILogger logger)
    {
        if (StorageFailure.IsUnavailable(exception))
        {
            LogStorageUnavailable(logger, exception);
            return Problems.StorageUnavailable();
        }

        LogUnhandled(logger, exception);
        return Problems.Unexpected();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is unavailable")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
