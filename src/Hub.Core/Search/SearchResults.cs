using Hub.Core.Entries;

namespace Hub.Core.Search;

/// <summary>
/// A reader's search: <see cref="Text"/> (every word must match; <c>"quoted phrases"</c>,
/// <c>-word</c> to leave out, <c>word*</c> for words that start so, <c>a | b</c> for either),
/// narrowed to a category and a tag when given, one page of <see cref="Limit"/> after <see cref="After"/>.
/// </summary>
public sealed record SearchQuery(string Text, string? Category = null, string? Tag = null, int Limit = EntryQuery.DefaultLimit, SearchCursor? After = null)
{
    /// <summary>Characters of text searched at most (the API refuses longer; what else calls is cut there).</summary>
    public const int MaxTextLength = EntryQuery.MaxTextLength;
}

/// <summary>One page of results, best first, and how many entries match in each category (the category filter aside, so a reader can switch).</summary>
/// <param name="Total">Every entry that matches, over all pages (with the category filter).</param>
public sealed record SearchPage(IReadOnlyList<SearchHit> Items, SearchCursor? Next, int Total, IReadOnlyList<CategoryCount> Categories);

/// <summary>An entry that matched, as lists show it (no body), and where it matched.</summary>
public sealed record SearchHit(Entry Entry, SearchSnippet Snippet);

/// <summary>How many matching entries are in a category.</summary>
public sealed record CategoryCount(string Category, int Count);

/// <summary>
/// A short passage of an entry's text where the query matched, as plain text in parts, the matched
/// words marked. Core knows no HTML: Hub.Site's <c>SnippetHtml</c> renders it (text escaped, marks as <c>&lt;mark&gt;</c>).
/// </summary>
public sealed record SearchSnippet(IReadOnlyList<SnippetPart> Parts)
{
    public static readonly SearchSnippet Empty = new([]);

    /// <summary>The passage's text without marks.</summary>
    public string Text => string.Concat(Parts.Select(part => part.Text));

    /// <summary>The marked words, in order.</summary>
    public IEnumerable<string> Marked => Parts.Where(part => part.Marked).Select(part => part.Text);
}

/// <summary>A run of a snippet's text, marked when it is a word the query matched.</summary>
public sealed record SnippetPart(string Text, bool Marked);
