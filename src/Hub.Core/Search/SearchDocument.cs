using System.Text.Json;
using Hub.Core.Entries;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using Markdig;

namespace Hub.Core.Search;

/// <summary>
/// An entry as the index holds it: its words in one field each (title, summary, body as text,
/// source, category, tags), weighted by <see cref="Weights"/>; its id, category and tags as exact
/// keys for deleting and filtering; its list position to break ties newest first; and its listing
/// (the entry without its body, as lists show it) so a hit needs no storage read.
/// </summary>
internal static class SearchDocument
{
    public const string Id = "id";
    public const string Title = "title";
    public const string Summary = "summary";
    public const string Body = "body";
    public const string Source = "source";
    public const string Category = "category";
    public const string Tags = "tags";
    public const string CategoryKey = "category-key";
    public const string TagKey = "tag-key";
    public const string Position = "position";
    public const string Listing = "listing";

    /// <summary>A word in a title counts most, then in the summary and tags, then anywhere else.</summary>
    public static readonly IReadOnlyDictionary<string, float> Weights = new Dictionary<string, float>(StringComparer.Ordinal)
    {
        [Title] = 5f,
        [Summary] = 2f,
        [Tags] = 2f,
        [Category] = 1.5f,
        [Source] = 1.5f,
        [Body] = 1f,
    };

    /// <summary>Text stored with its words' places (term vectors with offsets), for the snippets.</summary>
    private static readonly FieldType Located = new(TextField.TYPE_STORED)
    {
        StoreTermVectors = true,
        StoreTermVectorPositions = true,
        StoreTermVectorOffsets = true,
    };

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().Build();

    public static Document From(Entry entry)
    {
        var document = new Document
        {
            new StringField(Id, entry.Id, Field.Store.YES),
            new TextField(Title, entry.Title, Field.Store.NO),
            new Field(Summary, entry.Summary, Located),
            new Field(Body, BodyText(entry.Body), Located),
            new BinaryDocValuesField(Position, new BytesRef(EntryRepository.PositionOf(entry.PublishedOn, entry.Id))),
            new StoredField(Listing, JsonSerializer.SerializeToUtf8Bytes(entry with { Body = null, Etag = null }, HubJsonContext.Default.Entry)),
        };
        if (entry.Source is { } source)
        {
            document.Add(new TextField(Source, source, Field.Store.NO));
        }

        if (entry.Category is { } category)
        {
            document.Add(new TextField(Category, category, Field.Store.NO));
            document.Add(new StringField(CategoryKey, category, Field.Store.NO));
            document.Add(new SortedDocValuesField(CategoryKey, new BytesRef(category)));
        }

        foreach (var tag in entry.Tags)
        {
            document.Add(new TextField(Tags, tag, Field.Store.NO));
            document.Add(new StringField(TagKey, tag, Field.Store.NO));
        }

        return document;
    }

    public static Entry ListingOf(Document document)
        => JsonSerializer.Deserialize(document.GetBinaryValue(Listing).Bytes.AsSpan(document.GetBinaryValue(Listing).Offset, document.GetBinaryValue(Listing).Length), HubJsonContext.Default.Entry)!;

    /// <summary>The body's words as a reader sees them: Markdown's syntax and link addresses left out (CommonMark, raw HTML as text, as pages render it).</summary>
    internal static string BodyText(string? markdown)
        => string.IsNullOrEmpty(markdown) ? "" : Markdig.Markdown.ToPlainText(markdown, Markdown).Trim();
}
