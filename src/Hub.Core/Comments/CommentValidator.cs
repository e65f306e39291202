using System.Net.Mail;
using Hub.Core.Discussion;
using Hub.Core.Validation;

namespace Hub.Core.Comments;

/// <summary>WordPress's field rules for a comment: name 245, email 100 and URL 200 characters.</summary>
public static class CommentValidator
{
    public const int NameMaxLength = 245;
    public const int EmailMaxLength = 100;
    public const int UrlMaxLength = 200;

    public const string SignedInNameRule = "comes from your sign-in: leave it out";

    /// <summary>
    /// Null with errors for a bad field; <paramref name="tooLong"/> when only the length is wrong (413).
    /// A signed-in commenter's name is the identity's, so the name is not sent and the email is never required.
    /// </summary>
    public static ValidComment? Validate(CommentSubmission submission, DiscussionSettings settings, ValidationErrors errors, out bool tooLong, CommenterIdentity? identity = null)
    {
        tooLong = false;
        var required = settings.RequireNameAndEmail && identity is null;
        var name = Field(submission.AuthorName, "authorName", NameMaxLength, required, errors);
        if (identity is not null && name.Length > 0)
        {
            errors.Add("authorName", SignedInNameRule);
        }

        var email = Field(submission.AuthorEmail, "authorEmail", EmailMaxLength, required, errors);
        if (email.Length > 0 && !IsEmail(email))
        {
            errors.Add("authorEmail", "must be an email address");
        }

        var urlText = Field(submission.AuthorUrl, "authorUrl", UrlMaxLength, required: false, errors);
        if (urlText.Length > 0 && !HttpUrl.TryParse(urlText, out _))
        {
            errors.Add("authorUrl", HttpUrl.Rule);
        }

        var content = submission.Content?.Trim() ?? "";
        if (content.Length == 0)
        {
            errors.Add("content", "is required");
        }
        else if (TextRules.HasControlCharacters(content, multiline: true))
        {
            errors.Add("content", TextRules.ControlCharacterRule(multiline: true));
        }

        if (submission.ParentId is not null && !CommentId.IsValid(submission.ParentId))
        {
            errors.Add("parentId", CommentId.Rule);
        }

        if (errors.IsEmpty && content.Length > settings.MaxCommentLength)
        {
            tooLong = true;
            errors.Add("content", $"must be at most {settings.MaxCommentLength} characters");
        }

        return errors.IsEmpty
            ? new ValidComment(identity?.Name ?? name, email, urlText.Length == 0 ? null : urlText, content, submission.ParentId, !string.IsNullOrEmpty(submission.Subject), identity)
            : null;
    }

    private static string Field(string? value, string field, int maxLength, bool required, ValidationErrors errors)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0 && required)
        {
            errors.Add(field, "is required");
        }
        else if (text.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters");
        }
        else if (TextRules.HasControlCharacters(text, multiline: false))
        {
            errors.Add(field, TextRules.ControlCharacterRule(multiline: false));
        }

        return text;
    }

    private static bool IsEmail(string text)
        => MailAddress.TryCreate(text, out var address) && address.Address == text && address.Host.Contains('.', StringComparison.Ordinal);
}
