using Hub.Core.Comments;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Hub.Functions.Http;

/// <summary>
/// The comment form as a browser without JavaScript sends it (<c>application/x-www-form-urlencoded</c>),
/// read with the same size limit as a JSON body.
/// </summary>
public static class FormBody
{
    public static bool IsForm(HttpRequest request)
        => MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    public static async Task<(CommentSubmission? Value, IResult? Problem)> ReadCommentAsync(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.PayloadTooLarge(maxBytes));
        }

        try
        {
            var form = await request.ReadFormAsync(new FormOptions { ValueLengthLimit = (int)maxBytes, KeyLengthLimit = 64, ValueCountLimit = 16 }, request.HttpContext.RequestAborted);
            string? Field(string name) => form.TryGetValue(name, out var value) && value.Count == 1 && value[0] is { Length: > 0 } text ? text : null;
            return (new CommentSubmission(Field("authorName"), Field("authorEmail"), Field("authorUrl"), Field("content"), Field("parentId"), Field("subject")), null);
        }
        catch (InvalidDataException malformed)
        {
            return (null, Problems.BadRequest("The form could not be read: " + malformed.Message));
        }
        catch (Exception exception)
        {
            // A chunked body still arriving at the deadline, or broken off: the client's, as in JsonBody.
            var problem = ExceptionProblems.ForBody(request.HttpContext, exception);
            if (problem is null)
            {
                throw;
            }

            return (null, problem);
        }
    }
}
