using System.Text;
using Hub.Core.Comments;
using Hub.Core.Discussion;
using Hub.Core.Entries;
using Hub.Site.Rendering;

namespace Hub.Site.Publishing;

/// <summary>
/// An entry's page and its comments feed: reads the entry, its approved comments (one range query
/// a hundred at a time) and the rules, and writes both files with the render's version; removes
/// them when the entry is gone. Puts the entry's comment count right when a crash left it behind.
/// </summary>
public sealed class EntryPages(
    PageRenderer renderer,
    WebContainer web,
    SiteContext site,
    EntryRepository resources,
    PublicComments comments,
    CommentCounts counts,
    SettingsStore settings,
    TimeProvider clock)
{
    public static string PageBlob(string entryId) => $"entries/{entryId}/index.html";

    public static string FeedBlob(string entryId) => Feeds.CommentsFeedPath(entryId).TrimStart('/');

    /// <summary>Renders the entry's files; returns how many were written.</summary>
    public async Task<int> RenderAsync(string entryId, RenderClaim claim, CancellationToken cancellationToken)
    {
        var stored = await resources.GetCurrentAsync(entryId, cancellationToken);
        if (stored is null)
        {
            var removed = await web.DeleteVersionedAsync(PageBlob(entryId), claim.Version, cancellationToken) ? 1 : 0;
            return removed + (await web.DeleteVersionedAsync(FeedBlob(entryId), claim.Version, cancellationToken) ? 1 : 0);
        }

        var approved = new List<PublicComment>();
        string? after = null;
        do
        {
            var page = await comments.ListApprovedAsync(entryId, after, PublicComments.MaxPageSize, cancellationToken);
            approved.AddRange(page.Items);
            after = page.NextCursor is { } next && PublicComments.TryDecodeCursor(next, out var position) ? position : null;
        }
        while (after is not null);

        if (approved.Count != stored.Entry.CommentCount)
        {
            // The copy on the entry's rows is behind (a crash after a change): put it right.
            await counts.RecordAsync(entryId, cancellationToken);
        }

        var rules = await settings.GetDiscussionAsync(cancellationToken);
        var entry = stored.Entry with { CommentCount = approved.Count };
        var html = await renderer.EntryAsync(site, new EntryPageModel(entry, approved, rules.PublicInfo(entry, clock.GetUtcNow())));
        var feed = Feeds.Comments(site, entry, approved);
        var written = await web.PutVersionedAsync(PageBlob(entryId), Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", WebContainer.HtmlCache, claim, cancellationToken) == VersionedWrite.Written ? 1 : 0;
        return written + (await web.PutVersionedAsync(FeedBlob(entryId), Encoding.UTF8.GetBytes(feed), Feeds.AtomType, WebContainer.HtmlCache, claim, cancellationToken) == VersionedWrite.Written ? 1 : 0);
    }
}
