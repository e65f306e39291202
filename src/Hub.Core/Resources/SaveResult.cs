using Azure;

namespace Hub.Core.Resources;

/// <summary>An entry as stored, with the ETag a later change must present to replace it.</summary>
public sealed record StoredResource(ResourceEntry Entry, ETag ETag);

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
