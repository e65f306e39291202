namespace Hub.Core.Entries;

public sealed record EntriesPage(IReadOnlyList<Entry> Items, string? NextCursor);
