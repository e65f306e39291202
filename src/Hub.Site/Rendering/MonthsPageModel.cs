namespace Hub.Site.Rendering;

/// <summary>A list's archive index: its months with entries, newest first, each with its address.</summary>
public sealed record MonthsPageModel(string Title, string Heading, string Path, string ListPath, IReadOnlyList<(string Name, string Path)> Months);

/// <summary>A page left at an old address, sending the reader to <see cref="Target"/>.</summary>
public sealed record MovedPageModel(string Title, string Target);
