using Azure;

namespace Hub.Core.Storage;

/// <summary>Tells a storage outage (worth a 503 and a retry) apart from a bug.</summary>
public static class StorageFailure
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or 500 or 502 or 503 or 504 } => true,
        HttpRequestException => true,
        TimeoutException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnavailable),
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };
}
