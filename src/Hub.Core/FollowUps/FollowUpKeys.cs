namespace Hub.Core.FollowUps;

/// <summary>
/// Row keys of the outbox: <c>follow-up|{id}</c>, the record, in the partition of the change it
/// follows; and <c>open|{id}</c>, in the Moderation table's partition, written before the change
/// so the sweep can find every record without scanning tables (the records are spread over
/// every entry's partition). An id sorts by time, so the sweep reads the oldest first.
/// </summary>
public static class FollowUpKeys
{
    public const string RecordPrefix = "follow-up|";
    public const string RecordEnd = "follow-up}";
    public const string OpenPrefix = "open|";
    public const string OpenEnd = "open}";

    /// <summary>The open row's property naming the author of a comment change (a personal-data request finishes those first).</summary>
    public const string OpenAuthor = "AuthorKey";

    public static string Record(string id) => RecordPrefix + id;

    public static string Open(string id) => OpenPrefix + id;
}
