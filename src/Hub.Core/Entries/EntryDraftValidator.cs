using System.Globalization;
using Hub.Core.Validation;

namespace Hub.Core.Entries;

/// <summary>Turns a maintainer's draft into valid content, or names every field that is wrong.</summary>
public static class EntryDraftValidator
{
    public static EntryContent? Validate(string id, EntryDraft draft, ValidationErrors errors)
    {
        if (draft.Id is not null && draft.Id != id)
        {
            errors.Add("id", "must match the id in the URL, or be left out");
        }

        var title = RequiredText(draft.Title, "title", EntryRules.TitleMaxLength, multiline: false, errors);
        var summary = RequiredText(draft.Summary, "summary", EntryRules.SummaryMaxLength, multiline: true, errors);
        var body = OptionalBody(draft.Body, errors);
        var source = OptionalText(draft.Source, "source", EntryRules.SourceMaxLength, errors);
        var url = OptionalUrl(draft.Url, errors);
        var publishedOn = Date(draft.PublishedOn, errors);
        var category = OptionalLabel(draft.Category, errors);
        var tags = Tags(draft.Tags, errors);

        if (!errors.IsEmpty)
        {
            return null;
        }

        return new EntryContent(title!, summary!, url, source, publishedOn, category, tags, draft.Featured ?? false, body);
    }

    private static string? RequiredText(string? value, string field, int maxLength, bool multiline, ValidationErrors errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(field, "is required");
            return null;
        }

        return CheckText(text, field, maxLength, multiline, errors);
    }

    private static string? OptionalText(string? value, string field, int maxLength, ValidationErrors errors)
    {
        var text = value?.Trim();
        return string.IsNullOrEmpty(text) ? null : CheckText(text, field, maxLength, multiline: false, errors);
    }

    private static string? CheckText(string text, string field, int maxLength, bool multiline, ValidationErrors errors)
    {
        if (text.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters");
        }

        if (TextRules.HasControlCharacters(text, multiline))
        {
            errors.Add(field, TextRules.ControlCharacterRule(multiline));
        }

        return text;
    }

    /// <summary>Markdown is kept as written (leading spaces can matter), only trailing blank space is dropped.</summary>
    private static string? OptionalBody(string? value, ValidationErrors errors)
    {
        var text = value?.TrimEnd();
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        CheckBody(text, "body", errors);
        return text;
    }

    /// <summary>The limits on an entry's Markdown, under <paramref name="field"/>: what the console's preview checks too, so what previews also saves.</summary>
    public static void CheckBody(string markdown, string field, ValidationErrors errors)
    {
        if (markdown.Length > EntryRules.BodyMaxLength)
        {
            errors.Add(field, $"must be at most {EntryRules.BodyMaxLength} characters of Markdown");
        }

        if (TextRules.HasControlCharacters(markdown, multiline: true))
        {
            errors.Add(field, TextRules.ControlCharacterRule(multiline: true));
        }
    }

    private static Uri? OptionalUrl(string? value, ValidationErrors errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > EntryRules.UrlMaxLength)
        {
            errors.Add("url", $"must be at most {EntryRules.UrlMaxLength} characters");
            return null;
        }

        if (!HttpUrl.TryParse(text, out var url))
        {
            errors.Add("url", HttpUrl.Rule);
            return null;
        }

        return url;
    }

    private static DateOnly? Date(string? value, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!DateOnly.TryParseExact(value, EntryRules.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add("publishedOn", "must be a date written as YYYY-MM-DD");
        }

        return date;
    }

    private static string? OptionalLabel(string? value, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (!EntryRules.IsValidLabel(value))
        {
            errors.Add("category", EntryRules.LabelRule);
        }

        return value;
    }

    private static string[] Tags(IReadOnlyList<string?>? values, ValidationErrors errors)
    {
        if (values is null)
        {
            return [];
        }

        if (values.Count > EntryRules.MaxTags)
        {
            errors.Add("tags", $"must hold at most {EntryRules.MaxTags} tags");
        }

        if (values.Any(tag => !EntryRules.IsValidLabel(tag)))
        {
            errors.Add("tags", "each tag " + EntryRules.LabelRule);
        }

        return values.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
    }
}
