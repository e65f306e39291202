namespace Hub.Core.Entries;

/// <summary>A request for one page of entries, newest <c>publishedOn</c> first.</summary>
public sealed record EntryQuery(string? Category = null, string? Tag = null, string? Text = null, int Limit = EntryQuery.DefaultLimit, string? After = null)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;
    public const int MaxTextLength = 200;

    /// <summary>Read each entry's body too (a list's feed carries it); lists for pages and the API leave it out.</summary>
    public bool IncludeBody { get; init; }

    /// <summary>What the list's own rows do not already select: the category when a tag picked the list, and the text.</summary>
    internal bool Matches(EntryEntity entity)
        => (Tag is null || Category is null || entity.Category == Category)
           && (Text is null || MatchesText(entity));

    private bool MatchesText(EntryEntity entity)
        => Contains(entity.Title) || Contains(entity.Summary) || Contains(entity.Source) || Contains(entity.Tags);

    private bool Contains(string? field) => field?.Contains(Text!, StringComparison.OrdinalIgnoreCase) == true;

    internal bool FiltersInMemory => Text is not null || (Tag is not null && Category is not null);
}
