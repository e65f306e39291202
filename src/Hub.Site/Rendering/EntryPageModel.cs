using Hub.Core.Comments;
using Hub.Core.Entries;

namespace Hub.Site.Rendering;

/// <summary>What an entry page shows: the entry, its approved comments in time order, and the discussion rules the form follows.</summary>
public sealed record EntryPageModel(Entry Entry, IReadOnlyList<PublicComment> Comments, DiscussionInfo Discussion);
