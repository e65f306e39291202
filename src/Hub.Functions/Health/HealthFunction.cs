using Hub.Core.Entries;
using Hub.Core.Storage;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Health;

/// <summary>Tells a load balancer or a maintainer whether the hub can reach its storage.</summary>
public sealed class HealthFunction(EntryRepository resources)
{
    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(5);

    [Function(nameof(Health))]
    public async Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
        timeout.CancelAfter(StorageTimeout);
        try
        {
            await resources.IsEmptyAsync(timeout.Token);
            return TypedResults.Json(new HealthReport("healthy"), FunctionsJsonContext.Default.HealthReport);
        }
        catch (Exception exception) when (StorageFailure.IsUnavailable(exception) || timeout.IsCancellationRequested)
        {
            return Problems.StorageUnavailable();
        }
    }
}

public sealed record HealthReport(string Status);
