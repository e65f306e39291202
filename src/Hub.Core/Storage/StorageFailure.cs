using Azure;
using Azure.Data.Tables;

namespace Hub.Core.Storage;

/// <summary>Tells a storage outage (worth a 503 and a retry) apart from a bug.</summary>
public static class StorageFailure
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        StorageBusyException => true,
        RequestFailedException { Status: 0 or 408 or 429 or 500 or 502 or 503 or 504 } => true,
        RequestFailedException failure when IsMissingTable(failure) => true,
        RequestFailedException { Status: 409, ErrorCode: "TableBeingDeleted" } => true,
        HttpRequestException => true,
        TimeoutException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnavailable),
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    /// <summary>Storage lost a table this process had created (it is made again on the next use: see <see cref="HubTables.Forget"/>).</summary>
    public static bool IsMissingTable(Exception exception)
        => exception is RequestFailedException { Status: 404, ErrorCode: "TableNotFound" } or TableTransactionFailedException { Status: 404, ErrorCode: "TableNotFound" }
           || exception.InnerException is { } inner && IsMissingTable(inner);
}

/// <summary>A write that kept losing the race for one row to other writers: try again shortly.</summary>
public sealed class StorageBusyException(string message, Exception? inner = null) : Exception(message, inner);
