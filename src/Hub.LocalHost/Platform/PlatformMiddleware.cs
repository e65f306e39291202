namespace Hub.LocalHost.Platform;

/// <summary>
/// What the Functions host does to every request and response before and after a function runs,
/// as read in its source (azure-functions-host, 4.x), so that what passes here passes in Azure.
/// </summary>
public static class PlatformMiddleware
{
    /// <summary>
    /// host.json <c>extensions.http.customHeaders</c> on every response, the host's own 401 and 404
    /// and CORS answers included; a header the response already has is kept (CustomHttpHeadersMiddleware).
    /// </summary>
    public static IApplicationBuilder UseHostCustomHeaders(this IApplicationBuilder app, IReadOnlyDictionary<string, string> headers)
        => app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                foreach (var (name, value) in headers)
                {
                    context.Response.Headers.TryAdd(name, value);
                }

                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>
    /// The platform's CORS (siteConfig.cors): ASP.NET Core's CorsMiddleware with only the allowed
    /// origins, any header and any method, no exposed headers, answering preflights itself before
    /// any function is routed (CorsOptionsSetup, JobHostCorsMiddleware).
    /// </summary>
    public static IApplicationBuilder UsePlatformCors(this IApplicationBuilder app, IReadOnlyCollection<string> allowedOrigins)
        => app.UseCors(policy => policy.WithOrigins([.. allowedOrigins]).AllowAnyHeader().AllowAnyMethod());

    /// <summary>
    /// The request as the worker receives it. The host forwards with YARP's default transforms,
    /// which replace X-Forwarded-For/-Proto/-Host with its own view of the caller; the worker's
    /// ForwardedHeaders middleware applies them (RemoteIpAddress, scheme, host), removes them and
    /// keeps its own peer in X-Original-For. A client-written X-Forwarded-For never arrives.
    /// </summary>
    public static IApplicationBuilder UseForwardingAsTheHost(this IApplicationBuilder app)
        => app.Use((context, next) =>
        {
            var headers = context.Request.Headers;
            foreach (var name in ForwardingHeaders)
            {
                headers.Remove(name);
            }

            headers["X-Original-For"] = $"127.0.0.1:{context.Connection.LocalPort}";
            headers["X-Original-Proto"] = "http";
            headers["X-Original-Host"] = $"localhost:{context.Connection.LocalPort}";
            return next(context);
        });

    private static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix", "Forwarded"];
}
