using Microsoft.AspNetCore.Http;

namespace Hub.Functions.Http;

public static class ResultHeaders
{
    /// <summary>Adds a response header to any result.</summary>
    public static IResult WithHeader(this IResult result, string name, string value) => new HeaderResult(result, name, value);

    private sealed class HeaderResult(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
