namespace Hub.Core.Publishing;

/// <summary>
/// Counts the changes readers can see (entries, public comments, the discussion rules). What an
/// instance keeps in memory for readers is tagged with the count it was read at, so a change made
/// through this instance is seen here at once; other instances see it when their copy expires.
/// </summary>
public sealed class PublicChanges
{
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public void Record() => Interlocked.Increment(ref _generation);
}
