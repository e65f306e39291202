using Hub.Core.Comments;
using Hub.Core.Entries;
using Hub.Core.Validation;

namespace Hub.Core.Discussion;

/// <summary>
/// The discussion rules, after WordPress's Settings → Discussion, with its defaults except that
/// every comment is held for approval. Settable properties, not init-only: the JSON source
/// generator fills a missing init-only property with its type's default (false, 0, null), which
/// would quietly turn "hold every comment" off; a missing setting keeps its default instead.
/// </summary>
public sealed record DiscussionSettings
{
    /// <summary>What one Table Storage string property holds: 64 KiB of UTF-16.</summary>
    public const int MaxCommentLengthCeiling = 32_768;

    public bool HoldAllComments { get; set; } = true;
    public bool ApproveKnownAuthors { get; set; } = true;
    public int LinkLimit { get; set; } = 2;
    public string ModerationWords { get; set; } = "";
    public string DisallowedWords { get; set; } = "";
    public bool RequireNameAndEmail { get; set; } = true;
    public int MaxThreadDepth { get; set; } = 5;

    /// <summary>0 keeps comments open for ever.</summary>
    public int CloseAfterDays { get; set; }

    /// <summary>0 turns the flood check off.</summary>
    public int FloodIntervalSeconds { get; set; } = 15;

    public int MaxCommentLength { get; set; } = 5_000;

    /// <summary>Where to tell the moderators that a comment is held: a chat tool's incoming webhook, or an ntfy topic; empty for nobody.</summary>
    public string NotifyUrl { get; set; } = "";

    /// <summary><c>json</c> (Slack- and Teams-style: a <c>text</c> field and the details) or <c>ntfy</c> (plain text, with a title and a link).</summary>
    public string NotifyFormat { get; set; } = "json";

    /// <summary>0: a message per held comment; otherwise one digest at most every this many minutes.</summary>
    public int NotifyDigestMinutes { get; set; }

    public const int MaxWordListLength = 20_000;

    public static DiscussionSettings Default { get; } = new();

    /// <summary>WordPress's "close comments on posts older than N days", counted from the entry's date.</summary>
    public bool IsClosed(Entry entry, DateTimeOffset now)
    {
        if (CloseAfterDays <= 0)
        {
            return false;
        }

        var since = entry.PublishedOn is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : entry.CreatedAt;
        return now - since > TimeSpan.FromDays(CloseAfterDays);
    }

    public DiscussionInfo PublicInfo(Entry entry, DateTimeOffset now)
        => new(!IsClosed(entry, now), RequireNameAndEmail, MaxThreadDepth, MaxCommentLength);

    public void Validate(ValidationErrors errors)
    {
        Range(errors, "linkLimit", LinkLimit, 0, 100);
        Range(errors, "maxThreadDepth", MaxThreadDepth, 1, 10);
        Range(errors, "closeAfterDays", CloseAfterDays, 0, 36_500);
        Range(errors, "floodIntervalSeconds", FloodIntervalSeconds, 0, 3_600);
        Range(errors, "maxCommentLength", MaxCommentLength, 1, MaxCommentLengthCeiling);
        WordList(errors, "moderationWords", ModerationWords);
        Range(errors, "notifyDigestMinutes", NotifyDigestMinutes, 0, 1_440);
        if (NotifyFormat is not ("json" or "ntfy"))
        {
            errors.Add("notifyFormat", "must be json (Slack, Teams and the like) or ntfy");
        }

        if (NotifyUrl is null || (NotifyUrl.Length > 0 && !IsWebhook(NotifyUrl)))
        {
            errors.Add("notifyUrl", "must be empty, or an https:// address (http:// only to this machine), at most 2,000 characters");
        }
        WordList(errors, "disallowedWords", DisallowedWords);
    }

    private static void Range(ValidationErrors errors, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(field, $"must be from {min} to {max}");
        }
    }

    private static void WordList(ValidationErrors errors, string field, string? words)
    {
        if (words is null)
        {
            errors.Add(field, "must be a string (one word or phrase per line), empty for none");
        }
        else if (words.Length > MaxWordListLength)
        {
            errors.Add(field, $"must be at most {MaxWordListLength} characters");
        }
    }

    /// <summary>HTTPS, so the message is not readable on its way; plain HTTP only to the machine itself (a local receiver).</summary>
    private static bool IsWebhook(string url)
        => url.Length <= 2_000
           && Uri.TryCreate(url, UriKind.Absolute, out var uri)
           && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
           && uri.UserInfo.Length == 0;

    /// <summary>The non-empty lines of a word list, as WordPress reads them.</summary>
    public static IEnumerable<string> Lines(string words)
        => words.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);
}
