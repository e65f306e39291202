using Hub.Core.Entries;

namespace Hub.Core.Publishing;

/// <summary>
/// What decides which lists show an entry: the date list (by <see cref="PublishedOn"/>'s month),
/// its category's and each of its tags'. A save passes the listing before and after, so an entry
/// that moved leaves its old lists.
/// </summary>
public sealed record EntryListing(DateOnly? PublishedOn, string? Category, IReadOnlyList<string> Tags)
{
    public static EntryListing Of(Entry entry) => new(entry.PublishedOn, entry.Category, entry.Tags);
}

/// <summary>
/// Told after a change has committed that the pages showing it are out of date (Hub.Site renders
/// them; Core knows nothing of HTML or blobs). Safe to call concurrently from many processes:
/// renders of one page are coalesced, and a render never overwrites a newer one. Each call
/// returns only once every page it names shows every change committed before the call, or a
/// render that started after the call is under way to write it (if that render's process dies,
/// the next call for the page renders it). A call that throws has not
/// made sure of that: call it again (it is idempotent).
/// </summary>
public interface IPageUpdates
{
    /// <summary>
    /// An entry was created (<paramref name="before"/> null), replaced, or deleted
    /// (<paramref name="after"/> null). Renders only what shows that entry: its page, the list
    /// pages and feeds it appears on before and after, and the sitemap.
    /// </summary>
    Task EntryChangedAsync(string entryId, EntryListing? before, EntryListing? after, CancellationToken cancellationToken);

    /// <summary>An entry's public comments changed (one approved, unapproved, withdrawn, erased): its page and comments feed.</summary>
    Task DiscussionChangedAsync(string entryId, CancellationToken cancellationToken);

    /// <summary>
    /// The discussion rules changed: every entry page again, one bounded batch per call, starting
    /// after <paramref name="cursor"/> (null for the first). Returns the cursor of the next batch, null when done.
    /// </summary>
    Task<string?> RulesChangedAsync(string? cursor, CancellationToken cancellationToken);
}

/// <summary>For hosts without a site to update (tools that touch no page).</summary>
public sealed class NoPageUpdates : IPageUpdates
{
    public Task EntryChangedAsync(string entryId, EntryListing? before, EntryListing? after, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DiscussionChangedAsync(string entryId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string?> RulesChangedAsync(string? cursor, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
