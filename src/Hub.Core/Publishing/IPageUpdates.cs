using Hub.Core.Resources;

namespace Hub.Core.Publishing;

/// <summary>What decides which lists show an entry.</summary>
public sealed record EntryListing(DateOnly? PublishedOn, string? Category, IReadOnlyList<string> Tags)
{
    public static EntryListing Of(ResourceEntry entry) => new(entry.PublishedOn, entry.Category, entry.Tags);
}

/// <summary>
/// Told by the follow-up, after a change has committed and off the request path, which pages it
/// makes stale, so they are rendered again (Hub.Site does it; Core knows nothing of HTML or
/// blobs). Called by many follow-ups at once, in any order, and again after a crash: an
/// implementation must be idempotent and must never write an older page over a newer one.
/// </summary>
public interface IPageUpdates
{
    /// <summary>An entry was created or replaced (<paramref name="before"/> null when new), or deleted (<paramref name="after"/> null).</summary>
    Task EntryChangedAsync(string entryId, EntryListing? before, EntryListing? after, CancellationToken cancellationToken);

    /// <summary>An entry's public comments changed (one approved, unapproved, withdrawn, erased).</summary>
    Task DiscussionChangedAsync(string entryId, CancellationToken cancellationToken);

    /// <summary>
    /// The discussion rules changed: every entry's form and open/closed state may differ. Renders
    /// one bounded batch from <paramref name="cursor"/> and returns where the next begins (null when done).
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
