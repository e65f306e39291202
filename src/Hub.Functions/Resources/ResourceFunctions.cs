using Hub.Core;
using Hub.Core.Comments;
using Hub.Core.Resources;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Resources;

/// <summary>The public, read-only side of entries.</summary>
public sealed class ResourceFunctions(ResourceRepository resources, PublicComments comments)
{
    [Function(nameof(ListResources))]
    public async Task<IResult> ListResources(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "resources")] HttpRequest request)
    {
        var errors = new ValidationErrors();
        var query = ResourceListQuery.Parse(request.Query, errors);
        if (query is null)
        {
            return Problems.Validation(errors);
        }

        var page = await resources.ListAsync(query, request.HttpContext.RequestAborted);
        var items = await comments.WithCountsAsync(page.Items, request.HttpContext.RequestAborted);
        return TypedResults.Json(page with { Items = items }, HubJsonContext.Default.ResourcePage);
    }

    [Function(nameof(GetResource))]
    public async Task<IResult> GetResource(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "resources/{id}")] HttpRequest request,
        string id)
    {
        if (!ResourceId.IsValid(id))
        {
            return Problems.Validation("id", ResourceId.Rule);
        }

        var stored = await resources.GetAsync(id, request.HttpContext.RequestAborted);
        if (stored is null)
        {
            return Problems.NotFound($"There is no entry with id '{id}'.");
        }

        var counted = await comments.WithCountsAsync([stored.Versioned()], request.HttpContext.RequestAborted);
        return TypedResults.Json(counted[0], HubJsonContext.Default.ResourceEntry).WithETag(stored.ETag);
    }
}
