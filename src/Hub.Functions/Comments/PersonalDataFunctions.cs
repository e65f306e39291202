using System.Net.Mail;
using Hub.Core.Comments;
using Hub.Core.Storage;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Comments;

/// <summary>
/// Personal-data requests, by email address or by a signed-in commenter's identity: export and
/// erase. Either travels in the body, never the URL, so it stays out of access logs.
/// </summary>
public sealed class PersonalDataFunctions(PersonalData personalData, ModeratorSignIn signIn)
{
    [Function(nameof(ExportPersonalData))]
    public Task<IResult> ExportPersonalData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/personal-data/export")] HttpRequest request)
        => signIn.RunAsync(request, async _ =>
        {
            var (whose, authorKey, problem) = await ReadAuthorAsync(request);
            if (problem is not null)
            {
                return problem;
            }

            var comments = await personalData.ExportAsync(authorKey!, request.HttpContext.RequestAborted);
            return TypedResults.Json(new PersonalDataExport(whose!.Email, whose.Identity, comments), FunctionsJsonContext.Default.PersonalDataExport);
        });

    [Function(nameof(ErasePersonalData))]
    public Task<IResult> ErasePersonalData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/personal-data/erase")] HttpRequest request)
        => signIn.RunAsync(request, async moderator =>
        {
            var (_, authorKey, problem) = await ReadAuthorAsync(request);
            if (problem is not null)
            {
                return problem;
            }

            var erased = await personalData.EraseAsync(authorKey!, moderator, request.HttpContext.RequestAborted);
            return TypedResults.Json(new ErasureReport(erased), FunctionsJsonContext.Default.ErasureReport);
        });

    /// <summary>The request, normalized, and the author key it names: exactly one of an email address and an identity.</summary>
    private static async Task<(PersonalDataRequest? Whose, string? AuthorKey, IResult? Problem)> ReadAuthorAsync(HttpRequest request)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, FunctionsJsonContext.Default.PersonalDataRequest);
        if (problem is not null)
        {
            return (null, null, problem);
        }

        var email = body!.Email?.Trim() is { Length: > 0 } given ? given : null;
        var identity = body.Identity?.Trim() is { Length: > 0 } named ? named : null;
        var errors = new ValidationErrors();
        if ((email is null) == (identity is null))
        {
            errors.Add("email", "send either an email address or a signed-in commenter's identity, not both");
        }
        else if (email is not null && !(email.Length <= 254 && MailAddress.TryCreate(email, out _)))
        {
            errors.Add("email", "must be an email address");
        }
        else if (identity is not null && !AuthorKeys.IsIdentity(identity))
        {
            errors.Add("identity", AuthorKeys.IdentityRule);
        }

        return errors.IsEmpty
            ? (new PersonalDataRequest(email, identity), identity ?? Hashing.EmailKey(email!), null)
            : (null, null, Problems.Validation(errors));
    }
}
