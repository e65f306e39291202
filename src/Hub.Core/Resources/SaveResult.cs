using Azure;

namespace Hub.Core.Resources;

/// <summary>An entry as stored, with the ETag a later change must present to replace it.</summary>
public sealed record StoredResource(ResourceEntry Entry, ETag ETag)
{
    /// <summary>
    /// The entry carrying its ETag in the body: a browser on the site's origin cannot read the
    /// ETag header of a cross-origin answer (Azure's CORS settings expose no headers).
    /// </summary>
    public ResourceEntry Versioned() => Entry with { Etag = ETag.ToString() };
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

public sealed record WriteResult(WriteOutcome Outcome, StoredResource? Stored = null);
