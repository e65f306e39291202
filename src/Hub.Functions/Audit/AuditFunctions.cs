using Hub.Core;
using Hub.Core.Audit;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Audit;

/// <summary>The moderation audit log, newest first.</summary>
public sealed class AuditFunctions(AuditLog audit, ModeratorSignIn signIn)
{
    [Function(nameof(GetAuditLog))]
    public Task<IResult> GetAuditLog(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/audit")] HttpRequest request)
        => signIn.RunAsync(request, async _ =>
        {
            var errors = new ValidationErrors();
            var (limit, after) = QueryParameters.Paging(request.Query, errors, AuditLog.DefaultPageSize, AuditLog.MaxPageSize, AuditLog.TryDecodeCursor);
            if (!errors.IsEmpty)
            {
                return Problems.Validation(errors);
            }

            return TypedResults.Json(await audit.ListAsync(after, limit, request.HttpContext.RequestAborted), HubJsonContext.Default.AuditPage);
        });
}
