using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;

namespace Hub.Core.Entries;

/// <summary>The Table Storage shape of an entry; kept apart from the API payload.</summary>
internal sealed class EntryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = EntryKeys.Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string? Url { get; set; }
    public string? Source { get; set; }
    public DateTime? PublishedOn { get; set; }
    public string? Category { get; set; }

    /// <summary>Space-separated: tags are slugs, so they never hold a space.</summary>
    public string Tags { get; set; } = "";

    public bool Featured { get; set; }

    /// <summary>Markdown; copied to the listing rows too, so a list's feed reads it with the list (lists for pages and the API select it out).</summary>
    public string? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A fresh token on every save (see <see cref="EntryVersion"/>).</summary>
    public string Revision { get; set; } = "";

    /// <summary>How many approved comments the entry has: a copy kept by the publisher (see <see cref="EntryRepository.RecordCommentCountAsync"/>).</summary>
    public int Comments { get; set; }

    public static EntryEntity From(string id, EntryContent content, DateTimeOffset createdAt, DateTimeOffset updatedAt, string revision, int comments) => new()
    {
        RowKey = EntryKeys.EntryRow(id),
        Revision = revision,
        Comments = comments,
        Id = id,
        Title = content.Title,
        Summary = content.Summary,
        Url = content.Url?.AbsoluteUri,
        Source = content.Source,
        PublishedOn = content.PublishedOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        Category = content.Category,
        Tags = string.Join(' ', content.Tags),
        Featured = content.Featured,
        Body = content.Body,
        CreatedAt = createdAt,
        UpdatedAt = updatedAt,
    };

    /// <summary>Every column but the body: what a list reads (bodies are up to 60 KB each, and only feeds show them).</summary>
    public static readonly IReadOnlyList<string> ListingColumns = typeof(EntryEntity).GetProperties()
        .Where(property => property.CanWrite && property.Name is not (nameof(Body) or nameof(ETag) or nameof(Timestamp)))
        .Select(property => property.Name)
        .ToArray();

    public EntryEntity WithRowKey(string rowKey)
    {
        var copy = (EntryEntity)MemberwiseClone();
        copy.RowKey = rowKey;
        copy.ETag = default;
        return copy;
    }

    [IgnoreDataMember]
    public DateOnly? PublishedOnDate => PublishedOn is { } date ? DateOnly.FromDateTime(date) : null;

    /// <summary>The keys of every listing row this entry has (see <see cref="EntryKeys"/>).</summary>
    [IgnoreDataMember]
    public IEnumerable<string> ListingRows => EntryKeys.ListingRows(PublishedOnDate, Category, TagList, Id);

    [IgnoreDataMember]
    public string[] TagList => Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public EntryContent ToContent() => new(Title, Summary, Url is null ? null : new Uri(Url), Source, PublishedOnDate, Category, TagList, Featured, Body);

    public Entry ToEntry() => new(
        Id,
        Title,
        Summary,
        Url is null ? null : new Uri(Url),
        Source,
        PublishedOnDate,
        Category,
        TagList,
        Featured,
        CreatedAt,
        UpdatedAt,
        Comments,
        Body: Body);
}
