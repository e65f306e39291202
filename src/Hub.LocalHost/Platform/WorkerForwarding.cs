using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Hub.LocalHost.Platform;

/// <summary>
/// How the Functions host hands a request whose body it did not read (a chunked one, see
/// <see cref="TriggerBody"/>) to the worker and the worker's answer back, as read in its source:
/// <list type="bullet">
/// <item>The host forwards with YARP (<c>DefaultHttpProxyService.StartForwarding</c> in
/// azure-functions-host: <c>IHttpForwarder.SendAsync</c> over a <c>SocketsHttpHandler</c>, to the
/// worker's plain-http address, so HTTP/1.1). The body is copied on as it arrives: the worker reads
/// it while the client is still sending.</item>
/// <item>Over HTTP/1.1 the handler sends the whole request body before it reads any of the answer
/// (<c>HttpConnection.SendAsync</c> in dotnet/runtime: "We prefer to serialize the sending of the
/// content before we try to receive any response", unless <c>Expect: 100-continue</c>). So the
/// worker's answer reaches the client only once the client's body has ended.</item>
/// <item>A body that stops arriving fails the copy (the host's Kestrel's minimum data rate), the
/// forwarding ends in <c>ForwarderError.RequestBodyClient</c>, and
/// <c>EnsureSuccessfulForwardingAsync</c> throws "Failed to proxy request with ForwarderError":
/// the invocation fails, and the host's <c>ExceptionMiddleware</c> answers an empty 500. Whatever
/// the worker answered is never seen. Seen under host 4.1037: an empty 500 after about 7.9 s.</item>
/// </list>
/// The local host runs the worker in-process on the client's own request, so it holds the worker's
/// answer in memory until the body has been read to its end, then sends it; when the body cannot
/// be, it answers the host's empty 500 instead.
/// </summary>
public static partial class WorkerForwarding
{
    /// <summary>Runs <paramref name="worker"/>; for a streamed body, as the host's forwarding does (above).</summary>
    public static async Task ForwardAsync(HttpContext context, string functionName, Func<Task> worker)
    {
        if (!IsStreamed(context.Request))
        {
            await worker();
            return;
        }

        var response = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var held = new MemoryStream();
        var holding = new StreamResponseBodyFeature(held, response);
        context.Features.Set<IHttpResponseBodyFeature>(holding);
        ExceptionDispatchInfo? failed = null;
        try
        {
            await worker();
        }
        catch (Exception exception)
        {
            failed = ExceptionDispatchInfo.Capture(exception);
        }
        finally
        {
            await holding.CompleteAsync();
            context.Features.Set(response);
        }

        try
        {
            // What the worker left unread is still sent to it (the host's copy runs to the body's end).
            await context.Request.Body.DrainAsync(context.RequestAborted);
        }
        catch (Exception exception) when (exception is BadHttpRequestException or IOException or OperationCanceledException)
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                LogBodyNotForwarded(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Host.Function"), functionName, context.TraceIdentifier, exception);
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }

            return;
        }

        if (held.Length > 0)
        {
            await context.Response.Body.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), context.RequestAborted);
        }

        failed?.Throw();
    }

    /// <summary>A body the host did not read first: one without a Content-Length (chunked).</summary>
    private static bool IsStreamed(HttpRequest request)
        => request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true };

    [LoggerMessage(Level = LogLevel.Error, Message = "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}): Failed to proxy request with ForwarderError: RequestBodyClient")]
    private static partial void LogBodyNotForwarded(ILogger logger, string functionName, string invocationId, Exception exception);
}
