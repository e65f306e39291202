namespace Hub.LocalHost.SignIn;

/// <summary>The form a client posts to <c>/authorize</c> or <c>/token</c>.</summary>
public static class PostedForm
{
    /// <summary>
    /// The form, or null when the body is not one or cannot be read (ASP.NET Core refuses a
    /// value with a NUL character by throwing): a bad request for the caller to answer, never a 500.
    /// </summary>
    public static async Task<IFormCollection?> ReadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
