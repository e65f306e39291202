using System.Net.Mail;
using Hub.Core.Comments;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Comments;

/// <summary>
/// Personal-data requests by email address: export and erase. The address travels in the body,
/// never the URL, so it stays out of access logs.
/// </summary>
public sealed class PersonalDataFunctions(PersonalData personalData, ModeratorSignIn signIn)
{
    [Function(nameof(ExportPersonalData))]
    public Task<IResult> ExportPersonalData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/personal-data/export")] HttpRequest request)
        => signIn.RunAsync(request, async _ =>
        {
            var (email, problem) = await ReadEmailAsync(request);
            if (problem is not null)
            {
                return problem;
            }

            var comments = await personalData.ExportAsync(email!, request.HttpContext.RequestAborted);
            return TypedResults.Json(new PersonalDataExport(email!, comments), FunctionsJsonContext.Default.PersonalDataExport);
        });

    [Function(nameof(ErasePersonalData))]
    public Task<IResult> ErasePersonalData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/personal-data/erase")] HttpRequest request)
        => signIn.RunAsync(request, async moderator =>
        {
            var (email, problem) = await ReadEmailAsync(request);
            if (problem is not null)
            {
                return problem;
            }

            var erased = await personalData.EraseAsync(email!, moderator, request.HttpContext.RequestAborted);
            return TypedResults.Json(new ErasureReport(erased), FunctionsJsonContext.Default.ErasureReport);
        });

    private static async Task<(string? Email, IResult? Problem)> ReadEmailAsync(HttpRequest request)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, FunctionsJsonContext.Default.EmailRequest);
        if (problem is not null)
        {
            return (null, problem);
        }

        var email = body!.Email?.Trim();
        return email is { Length: > 0 and <= 254 } && MailAddress.TryCreate(email, out _)
            ? (email, null)
            : (null, Problems.Validation("email", "must be an email address"));
    }
}
