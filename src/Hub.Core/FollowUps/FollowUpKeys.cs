namespace Hub.Core.FollowUps;

/// <summary>
/// The outbox's row key: <c>follow-up|{id}</c>, the record, in the partition of the change it
/// follows, written in the change's own transaction. Nothing else is written for it: its queue
/// messages find it (see <see cref="FollowUpOutbox"/>). An id sorts by time.
/// </summary>
public static class FollowUpKeys
{
    public const string RecordPrefix = "follow-up|";
    public const string RecordEnd = "follow-up}";

    public static string Record(string id) => RecordPrefix + id;
}
