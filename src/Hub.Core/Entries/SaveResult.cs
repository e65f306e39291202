using Azure;

namespace Hub.Core.Entries;

/// <summary>An entry as stored, with its revision (what an edit's If-Match names).</summary>
public sealed record StoredEntry(Entry Entry, string Revision)
{
    /// <summary>The storage ETag of the entry row, for the repository's own conditional writes.</summary>
    internal ETag StorageETag { get; init; }

    /// <summary>The entity tag of the entry as readers see it (see <see cref="EntryVersion"/>).</summary>
    public string Tag => EntryVersion.Tag(Revision, Entry.CommentCount);

    /// <summary>
    /// The entry carrying its tag in the body: a browser on the site's origin cannot read the
    /// ETag header of a cross-origin answer (Azure's CORS settings expose no headers).
    /// </summary>
    public Entry Versioned() => Entry with { Etag = Tag };
}

public enum WriteOutcome
{
    Created,
    Replaced,
    Deleted,
    NotFound,

    /// <summary>The caller's If-Match no longer names the stored version.</summary>
    PreconditionFailed,

    /// <summary>Another writer changed the entry between our read and our write.</summary>
    Conflict,
}

/// <param name="Previous">The entry as it was before a replace or delete (which lists showed it), null for a new entry.</param>
public sealed record WriteResult(WriteOutcome Outcome, StoredEntry? Stored = null, Entry? Previous = null);
