namespace Hub.Core.Resources;

public sealed record ResourcePage(IReadOnlyList<ResourceEntry> Items, string? NextCursor);
