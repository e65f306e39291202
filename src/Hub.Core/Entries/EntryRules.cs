namespace Hub.Core.Entries;

/// <summary>The limits an entry's fields must meet; the API and the import share them.</summary>
public static class EntryRules
{
    public const int TitleMaxLength = 200;
    public const int SummaryMaxLength = 2000;

    /// <summary>Markdown characters in a body: room for a long article, and within one Table Storage string property (32K UTF-16 characters).</summary>
    public const int BodyMaxLength = 30000;
    public const int UrlMaxLength = 2048;
    public const int SourceMaxLength = 200;
    public const int LabelMaxLength = 40;
    public const int MaxTags = 10;
    public const string DateFormat = "yyyy-MM-dd";

    public const string LabelRule = "must be 1 to 40 lowercase letters, digits and single hyphens";

    public static bool IsValidLabel(string? label) => Slug.IsValid(label, LabelMaxLength);
}
