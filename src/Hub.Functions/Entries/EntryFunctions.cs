using Hub.Core;
using Hub.Core.Entries;
using Hub.Core.Search;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Entries;

/// <summary>
/// The public, read-only side of entries: each answer is one storage read, or none when kept in
/// memory; a search (<c>q</c>) reads the instance's index in memory (<see cref="EntrySearch"/>).
/// </summary>
public sealed class EntryFunctions(EntryRepository resources, EntrySearch search, ReaderResponses answers)
{
    [Function(nameof(ListResources))]
    public Task<IResult> ListResources(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "resources")] HttpRequest request)
        => answers.AnswerAsync(request, async () =>
        {
            var errors = new ValidationErrors();
            var query = EntryListQuery.Parse(request.Query, errors);
            if (query is null)
            {
                return (null, Problems.Validation(errors));
            }

            if (query.Search is { } text)
            {
                var found = await search.SearchAsync(text, request.HttpContext.RequestAborted);
                return (ReaderCaching.Serialize(FoundEntries.Of(found), FunctionsJsonContext.Default.FoundEntries), null);
            }

            var page = await resources.ListAsync(query.List!, request.HttpContext.RequestAborted);
            return (ReaderCaching.Serialize(page, HubJsonContext.Default.EntriesPage), null);
        });

    [Function(nameof(GetResource))]
    public async Task<IResult> GetResource(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "resources/{id}")] HttpRequest request,
        string id)
    {
        if (!EntryIds.IsValid(id))
        {
            return Problems.Validation("id", EntryIds.Rule);
        }

        var stored = await resources.GetAsync(id, request.HttpContext.RequestAborted);
        if (stored is null)
        {
            return Problems.NotFound($"There is no entry with id '{id}'.");
        }

        return ReaderCaching.Answer(request, stored.Tag, () => TypedResults.Json(stored.Versioned(), HubJsonContext.Default.Entry));
    }
}
