namespace Hub.Core.Publishing;

/// <summary>
/// Told after a change has committed that the pages showing it are out of date, so they can be
/// rendered again (Hub.Site does it; Core knows nothing of HTML or blobs). An implementation
/// must not fail the change it is told about: the page is repaired later.
/// </summary>
public interface IPageUpdates
{
    /// <summary>An entry was created or replaced.</summary>
    Task EntryChangedAsync(string entryId, CancellationToken cancellationToken);

    /// <summary>An entry is gone.</summary>
    Task EntryRemovedAsync(string entryId, CancellationToken cancellationToken);

    /// <summary>An entry's public comments changed (one approved, unapproved, withdrawn, erased).</summary>
    Task DiscussionChangedAsync(string entryId, CancellationToken cancellationToken);

    /// <summary>The discussion rules changed: every entry's form and open/closed state may differ.</summary>
    Task RulesChangedAsync(CancellationToken cancellationToken);
}

/// <summary>For hosts without a site to update (tools that touch no page).</summary>
public sealed class NoPageUpdates : IPageUpdates
{
    public Task EntryChangedAsync(string entryId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task EntryRemovedAsync(string entryId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DiscussionChangedAsync(string entryId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RulesChangedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
