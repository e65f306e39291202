using System.Text.RegularExpressions;

namespace Hub.Core.Entries;

/// <summary>Lowercase letters, digits and single hyphens: the shape of ids, categories and tags.</summary>
internal static partial class Slug
{
    public static bool IsValid(string? value, int maxLength)
        => value is { Length: > 0 } && value.Length <= maxLength && Pattern().IsMatch(value);

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)*\z", RegexOptions.CultureInvariant)] // \z: $ would let a trailing newline through
    private static partial Regex Pattern();
}
