using System.Text.RegularExpressions;
using Hub.Core.Discussion;

namespace Hub.Core.Comments;

/// <summary>Where a new comment goes, and the rule that sent it there (kept for the moderator).</summary>
public sealed record Verdict(CommentStatus Status, string Rule);

/// <summary>WordPress's order of checks: disallowed words, then links and moderation words, then approval.</summary>
public static partial class CommentRules
{
    public static Verdict Evaluate(ValidComment comment, DiscussionSettings settings, bool knownAuthor)
    {
        if (comment.FilledHoneypot)
        {
            return new(CommentStatus.Spam, "the hidden honeypot field was filled in");
        }

        if (FirstMatch(settings.DisallowedWords, comment) is { } disallowed)
        {
            return new(CommentStatus.Trash, $"disallowed word \"{disallowed}\"");
        }

        var links = CountLinks(comment.Content);
        if (settings.LinkLimit > 0 && links >= settings.LinkLimit)
        {
            return new(CommentStatus.Pending, $"{links} links (held at {settings.LinkLimit} or more)");
        }

        if (FirstMatch(settings.ModerationWords, comment) is { } moderation)
        {
            return new(CommentStatus.Pending, $"moderation word \"{moderation}\"");
        }

        if (settings.HoldAllComments)
        {
            return new(CommentStatus.Pending, "every comment is held for approval");
        }

        if (settings.ApproveKnownAuthors && !knownAuthor)
        {
            return new(CommentStatus.Pending, "first comment from this name and email");
        }

        return new(CommentStatus.Approved, knownAuthor ? "the author has an approved comment" : "comments are approved at once");
    }

    /// <summary>Links in markup, Markdown and bare URLs alike; each counts once.</summary>
    public static int CountLinks(string content) => LinkPattern().Count(content);

    private static string? FirstMatch(string words, ValidComment comment)
        => DiscussionSettings.Lines(words).FirstOrDefault(word =>
            Contains(comment.Content, word) || Contains(comment.AuthorName, word) || Contains(comment.AuthorEmail, word) || Contains(comment.AuthorUrl, word));

    private static bool Contains(string? field, string word) => field?.Contains(word, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// An anchor tag whole (its address inside it), an address with its scheme whole (a www. in it
    /// is the same link), or a www. address without one: matches never overlap, so each link
    /// counts once, in HTML, Markdown (<c>[words](https://…)</c>) or bare.
    /// </summary>
    [GeneratedRegex(@"<a\s[^>]*\bhref\s*=[^>]*>|\bhttps?://[^\s<>""')\]]*|(?<![\w./])www\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}
