using Microsoft.AspNetCore.WebUtilities;

namespace Hub.LocalHost.Platform;

/// <summary>
/// The request body as the Functions host handles it, read in its source:
/// <list type="bullet">
/// <item>Its Kestrel allows a body of 100 MB (<c>ScriptConstants.DefaultMaxRequestBodySize</c>,
/// set in <c>Program.cs</c> of azure-functions-host), or <c>FUNCTIONS_REQUEST_BODY_SIZE_LIMIT</c>
/// when that is set (<c>HttpRequestBodySizeMiddleware</c>). Every other limit is Kestrel's
/// default; in particular a body must arrive at 240 bytes a second once 5 seconds have passed
/// (<c>KestrelServerLimits.MinRequestBodyDataRate</c>).</item>
/// <item>The HTTP trigger's binding reads the whole body before the function is invoked, whenever
/// it has a Content-Length above 0 (<c>HttpTriggerAttributeBindingProvider.BindAsync</c> and
/// <c>HttpRequestExtensions.ReadAsStringAsync</c> in azure-webjobs-sdk-extensions: buffering on,
/// read to the end, back to the start).</item>
/// <item>A body that cannot be read (it stops arriving, trickles below that rate, is over the
/// limit or its framing breaks) fails the invocation before the worker sees anything: the client
/// gets an empty 500 and the host logs a failed invocation. Seen under host 4.1037: an empty 500
/// about 5.3 s after a Content-Length body stopped. A declared Content-Length over the limit gets
/// it at once: Kestrel throws its 413 <c>BadHttpRequestException</c> at the first read, the
/// binding fails ("Exception binding parameter 'req'"), and the host's <c>ExceptionMiddleware</c>
/// answers 500 for any exception that is not its own <c>HttpException</c>, so Kestrel's 413 never
/// reaches the client (azure-functions-host issue 10519, open since host 4.34).</item>
/// </list>
/// A chunked body is not read by that binding (<c>IsRequestPayloadReadable</c>: a chunked body only
/// when <c>HttpOptions.ChunkedTransferEnabled</c>, off by default): Azure streams it on to the
/// worker, and the local host leaves it to stream too (see <see cref="WorkerForwarding"/>).
/// </summary>
public static class TriggerBody
{
    public const string SizeLimitSetting = "FUNCTIONS_REQUEST_BODY_SIZE_LIMIT";

    public const long DefaultMaxBytes = 104_857_600;

    /// <summary>The host's body limit: the setting, when it is a number, else 100 MB.</summary>
    public static long MaxBytes(IConfiguration configuration)
        => long.TryParse(configuration[SizeLimitSetting], out var limit) ? limit : DefaultMaxBytes;

    /// <summary>
    /// Reads a Content-Length body whole into a buffer the function reads again from its start. False
    /// when it could not be read; the caller then fails the invocation as the host does. A declared
    /// length over the limit fails at once, before a byte is read (Kestrel's
    /// <c>Http1ContentLengthMessageBody.OnReadStarting</c>, which also closes the connection after the answer).
    /// </summary>
    public static async Task<bool> TryReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!(request.ContentLength > 0))
        {
            return true;
        }

        request.EnableBuffering();
        try
        {
            await request.Body.DrainAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is BadHttpRequestException or IOException or OperationCanceledException)
        {
            return false;
        }

        request.Body.Position = 0;
        return true;
    }
}
