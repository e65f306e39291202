namespace Hub.Core.Entries;

/// <summary>
/// An entry's id is a URL slug: lowercase letters, digits and single hyphens. That keeps it
/// clear of every character Table Storage forbids in keys (/ \ # ? and control characters).
/// </summary>
public static class EntryIds
{
    public const int MaxLength = 80;

    public const string Rule = "must be 1 to 80 lowercase letters, digits and single hyphens, not starting or ending with a hyphen";

    public static bool IsValid(string? id) => Slug.IsValid(id, MaxLength);
}
