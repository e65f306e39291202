namespace Hub.Core.Resources;

/// <summary>A request for one page of entries, newest <c>publishedOn</c> first.</summary>
public sealed record ResourceQuery(string? Category = null, string? Tag = null, string? Text = null, int Limit = ResourceQuery.DefaultLimit, string? After = null)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;
    public const int MaxTextLength = 200;

    internal bool Matches(ResourceEntity entity)
        => (Tag is null || entity.TagList.Contains(Tag, StringComparer.Ordinal))
           && (Text is null || MatchesText(entity));

    private bool MatchesText(ResourceEntity entity)
        => Contains(entity.Title) || Contains(entity.Summary) || Contains(entity.Source) || Contains(entity.Tags);

    private bool Contains(string? field) => field?.Contains(Text!, StringComparison.OrdinalIgnoreCase) == true;

    internal bool FiltersInMemory => Tag is not null || Text is not null;
}
