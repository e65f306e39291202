using System.IO.Compression;
using Hub.Core.Entries;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Hub.Core.Search;

/// <summary>
/// The entries' full-text index, in this process's memory (a Lucene index in a
/// <see cref="RAMDirectory"/>: 5,000 entries with long bodies take a few megabytes). Searching it
/// reads no storage. Changes are applied one entry at a time (<see cref="Put"/>, <see cref="Remove"/>)
/// and seen by the next search; <see cref="Save"/> and <see cref="Load"/> turn it into the bytes of
/// a snapshot and back, so a new instance gets it in one download. Thread-safe: searches run at
/// once, changes one at a time. Storage-free, so the unit tests search it directly.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    /// <summary>Hits ranked at most for one search: past it a query is too broad to page through, and its later pages are empty.</summary>
    public const int MaxRanked = 10_000;

    private readonly SearchAnalyzer _analyzer = new();
    private readonly RAMDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly System.Threading.Lock _changing = new();

    private SearchIndex(RAMDirectory directory, OpenMode mode)
    {
        _directory = directory;
        _writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzer.Version, _analyzer) { OpenMode = mode, Similarity = Ranking });
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new RankedSearchers());
    }

    /// <summary>BM25, Lucene's default from 6.0 on (4.8's default is classic TF-IDF).</summary>
    private static BM25Similarity Ranking { get; } = new();

    public static SearchIndex Empty() => new(new RAMDirectory(), OpenMode.CREATE);

    /// <summary>The index with <paramref name="entries"/> in it.</summary>
    public static SearchIndex Of(IEnumerable<Entry> entries)
    {
        var index = Empty();
        index.Put(entries);
        return index;
    }

    /// <summary>An index as <see cref="Save"/> wrote it.</summary>
    public static SearchIndex Load(Stream snapshot)
    {
        var directory = new RAMDirectory();
        using (var archive = new ZipArchive(snapshot, ZipArchiveMode.Read, leaveOpen: true))
        {
            foreach (var file in archive.Entries)
            {
                using var content = file.Open();
                using var bytes = new MemoryStream((int)file.Length);
                content.CopyTo(bytes);
                using var output = directory.CreateOutput(file.FullName, IOContext.DEFAULT);
                output.WriteBytes(bytes.GetBuffer(), 0, (int)bytes.Length);
            }
        }

        return new SearchIndex(directory, OpenMode.APPEND);
    }

    /// <summary>Entries in the index now.</summary>
    public int Count
    {
        get
        {
            var searcher = _searchers.Acquire();
            try
            {
                return searcher.IndexReader.NumDocs;
            }
            finally
            {
                _searchers.Release(searcher);
            }
        }
    }

    /// <summary>Adds each entry, or replaces the one with its id.</summary>
    public void Put(IEnumerable<Entry> entries)
    {
        lock (_changing)
        {
            foreach (var entry in entries)
            {
                _writer.UpdateDocument(new Term(SearchDocument.Id, entry.Id), SearchDocument.From(entry));
            }

            _searchers.MaybeRefreshBlocking();
        }
    }

    public void Put(Entry entry) => Put([entry]);

    public void Remove(string id)
    {
        lock (_changing)
        {
            _writer.DeleteDocuments(new Term(SearchDocument.Id, id));
            _searchers.MaybeRefreshBlocking();
        }
    }

    /// <summary>
    /// One page of what matches, best first (BM25; equal scores newest first), with snippets for
    /// that page only, and the counts per category of everything that matches the text and tag.
    /// </summary>
    public SearchPage Search(SearchQuery request)
    {
        var query = SearchText.Parse(_analyzer, request.Text);
        if (query is null)
        {
            return new SearchPage([], null, 0, []);
        }

        var searcher = _searchers.Acquire();
        try
        {
            var hits = new RankedHits(request.Category);
            var tag = request.Tag is null ? null : new QueryWrapperFilter(new TermQuery(new Term(SearchDocument.TagKey, request.Tag)));
            searcher.Search(query, tag, hits);
            var ranked = hits.Ranked();
            var start = request.After is { } after ? ranked.FindIndex(hit => after.Precedes(hit.Score, hit.Position)) : 0;
            var page = start < 0 ? [] : ranked.Skip(start).Take(request.Limit).ToList();
            var words = QueryWords.Of(query);
            var items = page.ConvertAll(hit =>
            {
                var document = searcher.Doc(hit.Doc);
                return new SearchHit(SearchDocument.ListingOf(document), Snippets.Of(searcher.IndexReader, hit.Doc, words, document.Get(SearchDocument.Summary) ?? "", document.Get(SearchDocument.Body) ?? ""));
            });
            var next = start >= 0 && start + page.Count < ranked.Count && page.Count > 0 ? new SearchCursor(page[^1].Score, page[^1].Position) : null;
            return new SearchPage(items, next, hits.Total, hits.Categories());
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>Writes the index as it is now (committed first) to <paramref name="destination"/>: its files, zipped.</summary>
    public void Save(Stream destination)
    {
        lock (_changing)
        {
            _writer.Commit();
            var commit = DirectoryReader.ListCommits(_directory)[^1];
            using var archive = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var name in commit.FileNames)
            {
                using var input = _directory.OpenInput(name, IOContext.READ_ONCE);
                var bytes = new byte[input.Length];
                input.ReadBytes(bytes, 0, bytes.Length);
                using var file = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
                file.Write(bytes);
            }
        }
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    private sealed class RankedSearchers : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = Ranking };
    }

    private readonly record struct Hit(int Doc, float Score, string Position);

    /// <summary>
    /// Collects every match: its score and position (for the ranking and the cursor) and its
    /// category (for the counts), keeping in the ranking only those in the asked-for category.
    /// </summary>
    private sealed class RankedHits(string? category) : ICollector
    {
        private readonly List<Hit> _hits = [];
        private readonly Dictionary<string, int> _categories = new(StringComparer.Ordinal);
        private int[] _segmentCategories = [];
        private readonly BytesRef _value = new();
        private Scorer? _scorer;
        private int _base;
        private SortedDocValues? _category;
        private BinaryDocValues? _position;
        private int _wanted = -1;

        public int Total { get; private set; }

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) => _scorer = scorer;

        public void SetNextReader(AtomicReaderContext context)
        {
            CountSegment();
            _base = context.DocBase;
            _category = context.AtomicReader.GetSortedDocValues(SearchDocument.CategoryKey);
            _position = context.AtomicReader.GetBinaryDocValues(SearchDocument.Position);
            _segmentCategories = new int[_category?.ValueCount ?? 0];
            _wanted = category is null || _category is null ? -1 : _category.LookupTerm(new BytesRef(category));
        }

        public void Collect(int doc)
        {
            // Categories counted by their number in this segment, named once at its end.
            var ord = _category?.GetOrd(doc) ?? -1;
            if (ord >= 0)
            {
                _segmentCategories[ord]++;
            }

            if (category is not null && (ord < 0 || ord != _wanted))
            {
                return;
            }

            Total++;
            _position!.Get(doc, _value);
            _hits.Add(new Hit(_base + doc, _scorer!.GetScore(), _value.Utf8ToString()));
        }

        public List<Hit> Ranked()
        {
            CountSegment();
            _hits.Sort((left, right) => left.Score != right.Score ? right.Score.CompareTo(left.Score) : string.CompareOrdinal(left.Position, right.Position));
            return _hits.Count > MaxRanked ? _hits[..MaxRanked] : _hits;
        }

        private void CountSegment()
        {
            for (var ord = 0; ord < _segmentCategories.Length; ord++)
            {
                if (_segmentCategories[ord] > 0)
                {
                    _category!.LookupOrd(ord, _value);
                    var name = _value.Utf8ToString();
                    _categories[name] = _categories.GetValueOrDefault(name) + _segmentCategories[ord];
                }
            }

            _segmentCategories = [];
        }

        public IReadOnlyList<CategoryCount> Categories()
            => [.. _categories.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new CategoryCount(pair.Key, pair.Value))];
    }
}
