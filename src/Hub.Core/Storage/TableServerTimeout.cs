using Azure.Core;
using Azure.Core.Pipeline;

namespace Hub.Core.Storage;

/// <summary>
/// Asks Table Storage to finish or abandon every operation within <see cref="Seconds"/> of
/// receiving it (the <c>timeout</c> parameter of the request URI; the service's own default and
/// maximum for a write is 30 s: "Setting timeouts for Table service operations", read
/// 2026-12-08). A change then commits within <c>FollowUpOutbox.CommitWindow</c> + this of its
/// safety message, which lets the safety message come sooner after a crash.
/// </summary>
public sealed class TableServerTimeout : HttpPipelineSynchronousPolicy
{
    public const int Seconds = 10;

    public override void OnSendingRequest(HttpMessage message)
    {
        if (!message.Request.Uri.Query.Contains("timeout=", StringComparison.Ordinal))
        {
            message.Request.Uri.AppendQuery("timeout", Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
