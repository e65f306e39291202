using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Hub.Core.Comments;

/// <summary>
/// A comment id is its creation time in ticks (19 digits) and 6 random hex digits, so ids sort
/// in the order comments were written; it holds no character Table Storage forbids in keys.
/// </summary>
public static partial class CommentId
{
    public static string New(DateTimeOffset createdAt)
        => createdAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>When the comment was written (a valid id begins with the time in ticks).</summary>
    public static DateTimeOffset CreatedAt(string id) => new(long.Parse(id[..19], CultureInfo.InvariantCulture), TimeSpan.Zero);

    public static bool IsValid(string? id) => id is { Length: 25 } && Pattern().IsMatch(id);

    public const string Rule = "is not a comment id";

    [GeneratedRegex(@"^[0-9]{19}[0-9a-f]{6}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
