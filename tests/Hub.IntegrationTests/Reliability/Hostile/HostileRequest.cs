using System.Globalization;
using System.Text;

namespace Hub.IntegrationTests.Reliability;

/// <summary>One generated request: what is sent, exactly (the target already percent-encoded, the body as bytes).</summary>
internal sealed record HostileRequest(
    string Route,
    string Method,
    string Target,
    byte[]? Body = null,
    string? ContentType = null,
    bool Chunked = false,
    string? Authorization = null,
    string? IfMatch = null,
    bool AsModerator = false,
    bool Writes = false)
{
    private static readonly Uri Origin = new("http://hub.test/");

    public Uri Address(Uri baseAddress) => new(baseAddress, Target);

    /// <summary>The request as it goes on the wire, bytes outside printable ASCII as \xNN, so a failure can be replayed.</summary>
    public string Describe()
    {
        var text = new StringBuilder().Append(Method).Append(' ').Append(Shorten(Target));
        var sent = Address(Origin).PathAndQuery;
        if (sent != Target)
        {
            text.Append(" (sent as ").Append(Shorten(sent)).Append(')');
        }

        text.Append(AsModerator ? " as the moderator" : " anonymously");
        if (Authorization is not null)
        {
            text.Append(" | Authorization: ").Append(Authorization);
        }

        if (IfMatch is not null)
        {
            text.Append(" | If-Match: ").Append(IfMatch);
        }

        if (Body is not null)
        {
            text.Append(" | Content-Type: ").Append(ContentType ?? "(none)");
            text.Append(CultureInfo.InvariantCulture, $" | body of {Body.Length} bytes{(Chunked ? ", chunked" : "")}: ");
            if (Body.Length <= 600)
            {
                Escape(text, Body);
            }
            else
            {
                Escape(text, Body.AsSpan(0, 300));
                text.Append(CultureInfo.InvariantCulture, $"…({Body.Length - 400} bytes)…");
                Escape(text, Body.AsSpan(Body.Length - 100));
            }
        }

        return text.ToString();
    }

    public override string ToString() => Describe();

    private static string Shorten(string target)
        => target.Length <= 400 ? target : $"{target[..200]}…({target.Length - 300} characters)…{target[^100..]}";

    private static void Escape(StringBuilder text, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7f and not (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }
    }
}
