using System.Globalization;
using Hub.Core.Audit;
using Hub.Core.Comments;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Entries;
using Hub.Core.Storage;

namespace Hub.Core.Import;

/// <summary>
/// Brings posts and their discussions into the hub, so that running the same import again
/// changes nothing: an entry is written only when its content differs, and a comment's id is
/// made from its time and its source id, so a comment already imported is found and left alone.
/// Threads keep their shape: a reply's parent is looked up by its source id.
/// </summary>
public sealed class ArchiveImporter(EntryLifecycle entries, EntryRepository resources, CommentData data)
{
    public const string Actor = "import";

    public async Task<ArchiveReport> ImportAsync(IReadOnlyList<ImportedPost> posts, IProgress<(int Done, string Title)>? progress, CancellationToken cancellationToken)
    {
        int created = 0, updated = 0, unchanged = 0, commentsUnchanged = 0, duplicates = 0, madeTopLevel = 0;
        var byStatus = Enum.GetValues<CommentStatus>().ToDictionary(status => status, _ => 0);
        for (var index = 0; index < posts.Count; index++)
        {
            var post = posts[index];
            var existing = await resources.GetCurrentAsync(post.Id, cancellationToken);
            if (existing is not null && SameContent(existing.Entry, post.Content))
            {
                unchanged++;
            }
            else
            {
                var saved = await entries.SaveAsync(post.Id, post.Content, ifMatch: null, Actor, cancellationToken);
                if (saved.Outcome is not (WriteOutcome.Created or WriteOutcome.Replaced))
                {
                    throw new InvalidOperationException($"Entry '{post.Id}' changed while it was being imported ({saved.Outcome}); run the import again.");
                }

                _ = existing is null ? created++ : updated++;
            }

            var placed = new Dictionary<string, (string Id, int Depth)>(StringComparer.Ordinal);
            foreach (var source in post.Comments.OrderBy(comment => comment.CreatedAt))
            {
                var parent = source.ParentSourceId is { } parentId && placed.TryGetValue(parentId, out var found) ? found : ((string Id, int Depth)?)null;
                madeTopLevel += source.ParentSourceId is not null && parent is null ? 1 : 0;
                var id = IdOf(post.Id, source);
                placed[source.SourceId] = (id, (parent?.Depth ?? 0) + 1);
                if (await data.Store.GetAsync(post.Id, id, cancellationToken) is not null)
                {
                    commentsUnchanged++;
                    continue;
                }

                var valid = new ValidComment(source.AuthorName, source.AuthorEmail, source.AuthorUrl, source.Content, parent?.Id, FilledHoneypot: false);
                var comment = CommentEntity.New(post.Id, id, valid, (parent?.Depth ?? 0) + 1, source.Status, "imported", source.CreatedAt, clientHash: "", Hashing.Sha256(Guid.NewGuid().ToString()));
                var followUp = CommentData.FollowUp(comment, new AuditEvent(Actor, "imported", post.Id, id, ToStatus: comment.Status), post.Content.Title, from: null, to: source.Status);
                var outcome = await data.PostAsync(comment, [], author: null, followUp, cancellationToken);
                if (outcome == PostOutcome.Posted)
                {
                    byStatus[source.Status]++;
                }
                else
                {
                    duplicates++;
                }
            }

            progress?.Report((index + 1, post.Content.Title));
        }

        return new ArchiveReport(created, updated, unchanged, byStatus, commentsUnchanged, duplicates, madeTopLevel);
    }

    /// <summary>The comment's time in ticks (so ids sort by time, as the hub's own do), then a digest of where it came from.</summary>
    private static string IdOf(string entryId, ImportedComment comment)
        => comment.CreatedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + Hashing.Sha256(entryId + "|" + comment.SourceId)[..6];

    private static bool SameContent(Entry entry, EntryContent content)
        => entry.Title == content.Title && entry.Summary == content.Summary && entry.Url == content.Url && entry.Source == content.Source
           && entry.PublishedOn == content.PublishedOn && entry.Category == content.Category && entry.Featured == content.Featured
           && entry.Tags.SequenceEqual(content.Tags, StringComparer.Ordinal) && entry.Body == content.Body;
}
