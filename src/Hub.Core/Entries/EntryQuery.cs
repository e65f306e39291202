namespace Hub.Core.Entries;

/// <summary>A request for one page of a list of entries, newest <c>publishedOn</c> first (a text search is <see cref="Search.SearchQuery"/>).</summary>
public sealed record EntryQuery(string? Category = null, string? Tag = null, int Limit = EntryQuery.DefaultLimit, string? After = null)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    /// <summary>Characters of a search's text at most.</summary>
    public const int MaxTextLength = 200;

    /// <summary>Read each entry's body too (a list's feed carries it); lists for pages and the API leave it out.</summary>
    public bool IncludeBody { get; init; }

    /// <summary>What the list's own rows do not already select: the category when a tag picked the list.</summary>
    internal bool Matches(EntryEntity entity) => Category is null || entity.Category == Category;

    internal bool FiltersInMemory => Tag is not null && Category is not null;
}
