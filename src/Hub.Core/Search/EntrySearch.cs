using System.Diagnostics;
using Hub.Core.Entries;
using Hub.Core.Publishing;
using Microsoft.Extensions.Logging;

namespace Hub.Core.Search;

/// <summary>
/// The hub's full-text search, for the API and the results page: <see cref="SearchAsync"/>. Each
/// instance holds the index in memory (<see cref="SearchIndex"/>), so a search reads no storage.
/// It gets the index once, from the snapshot (<see cref="SearchSnapshots"/>: one download, then the
/// changes since it), and learns of changes from the change log (<see cref="SearchChanges"/>): at
/// most one range query per <see cref="RefreshEvery"/>, started by a search that finds the last
/// older (so an idle instance reads nothing), and waited for only when the index has not heard
/// from storage for <see cref="WaitAfter"/>. What changed is indexed again from the Resources
/// table, a point read per changed entry. An entry's follow-up records its change here
/// (<see cref="EntryChangedAsync"/>), and every <see cref="SnapshotEvery"/> changes writes a new
/// snapshot, so what a new instance catches up on stays bounded. The index is derived state:
/// <see cref="RebuildAsync"/> makes it again from the Resources table.
/// </summary>
public sealed partial class EntrySearch(
    EntryRepository resources, SearchChanges changes, SearchSnapshots snapshots, PublicChanges publicChanges, TimeProvider clock, ILogger<EntrySearch> logger)
    : IDisposable
{
    /// <summary>How often a searched instance reads the change log at most.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);

    /// <summary>An index that has not read the log for this long (an instance idle a while) reads it before it answers.</summary>
    public static readonly TimeSpan WaitAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far back each read of the log goes past the last: a change's row is keyed by the time it
    /// was made, and may be committed a little later than a row keyed after it (storage retries,
    /// two follow-ups at once), so rows of the last minute are read again (and applied once).
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(1);

    /// <summary>Changes applied between snapshots: what a new instance catches up on, a point read each, at most about this many.</summary>
    public const int SnapshotEvery = 100;

    /// <summary>Log rows a snapshot holds are kept this long after it, then forgotten (a bounded batch per snapshot).</summary>
    public static readonly TimeSpan ChangesKeptFor = TimeSpan.FromDays(1);

    /// <summary>An instance that has not read the log for this long loads the snapshot again: the rows it missed may be forgotten.</summary>
    public static readonly TimeSpan ReloadAfter = TimeSpan.FromHours(23);

    /// <summary>Entries read again at once when a poll finds changes.</summary>
    private const int ReadParallelism = 8;

    private readonly System.Threading.Lock _gate = new();
    private readonly SemaphoreSlim _polling = new(1, 1);
    private Task<Loaded>? _loaded;

    /// <summary>One page of results for a reader's query; no storage request unless the change log is due (see <see cref="RefreshEvery"/>).</summary>
    public async Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var loaded = await LoadedAsync(cancellationToken);
        var age = clock.GetUtcNow() - loaded.PolledAt;
        if (age > RefreshEvery)
        {
            var poll = PollQuietlyAsync(loaded);
            if (age > WaitAfter)
            {
                await poll.WaitAsync(cancellationToken);
            }
        }

        return loaded.Index.Search(query);
    }

    /// <summary>
    /// The follow-up of an entry's change (a save, a deletion, a new comment count): the log row
    /// other instances read, this instance's index brought up to date at once, and a snapshot
    /// when <see cref="SnapshotEvery"/> changes have gathered since the last. Idempotent.
    /// </summary>
    public async Task EntryChangedAsync(string entryId, CancellationToken cancellationToken)
    {
        await changes.RecordAsync(entryId, cancellationToken);
        var loaded = await LoadedAsync(cancellationToken);
        await PollAsync(loaded, cancellationToken);
        if (loaded.SinceSnapshot >= SnapshotEvery)
        {
            await SnapshotAsync(loaded, cancellationToken);
        }
    }

    /// <summary>
    /// The index made again from every entry in the Resources table (a range query per 1,000),
    /// written as the snapshot and used by this instance from now on (<c>hub search rebuild</c>,
    /// and a restore); other instances keep theirs, which give the same results.
    /// </summary>
    public async Task<SearchRebuild> RebuildAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var loaded = await BuildAsync(cancellationToken);
        var bytes = await snapshots.WriteAsync(loaded.Index, loaded.From, cancellationToken);
        Task<Loaded>? previous;
        lock (_gate)
        {
            previous = _loaded;
            _loaded = Task.FromResult(loaded);
        }

        if (previous is { IsCompletedSuccessfully: true })
        {
            previous.Result.Index.Dispose();
        }

        var rebuild = new SearchRebuild(loaded.Index.Count, bytes, Stopwatch.GetElapsedTime(started));
        LogRebuilt(logger, rebuild.Entries, rebuild.Bytes, rebuild.Took);
        return rebuild;
    }

    /// <summary>How many entries this instance's index holds (loading it if need be).</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken) => (await LoadedAsync(cancellationToken)).Index.Count;

    public void Dispose()
    {
        if (_loaded is { IsCompletedSuccessfully: true } loaded)
        {
            loaded.Result.Index.Dispose();
        }

        _polling.Dispose();
    }

    private Task<Loaded> LoadedAsync(CancellationToken cancellationToken)
    {
        var current = _loaded;
        if (current is { IsCompletedSuccessfully: true } && clock.GetUtcNow() - current.Result.PolledAt < ReloadAfter)
        {
            return current;
        }

        lock (_gate)
        {
            if (_loaded == current && (current is null || current.IsFaulted || current.IsCanceled || current.IsCompletedSuccessfully))
            {
                // A load that failed (storage down) is not remembered; nor is an index that has not heard from storage for a day.
                _loaded = LoadAsync();
            }

            return _loaded!.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The snapshot and the changes since it; where there is no snapshot (a new hub, a new format), the index built from the table and written as one.</summary>
    private async Task<Loaded> LoadAsync()
    {
        var started = Stopwatch.GetTimestamp();
        Loaded loaded;
        if (await snapshots.ReadAsync(CancellationToken.None) is { } snapshot)
        {
            loaded = new Loaded(snapshot.Index, snapshot.Watermark, clock.GetUtcNow());
            await PollAsync(loaded, CancellationToken.None);
            var took = Stopwatch.GetElapsedTime(started);
            LogLoaded(logger, loaded.Index.Count, snapshot.Bytes, took);
        }
        else
        {
            loaded = await BuildAsync(CancellationToken.None);
            var bytes = await snapshots.WriteAsync(loaded.Index, loaded.From, CancellationToken.None);
            var took = Stopwatch.GetElapsedTime(started);
            LogBuilt(logger, loaded.Index.Count, bytes, took);
        }

        return loaded;
    }

    private async Task<Loaded> BuildAsync(CancellationToken cancellationToken)
    {
        // Every change committed before this moment is in what the read finds; one after it has a log row past the watermark.
        var now = clock.GetUtcNow();
        var rows = await resources.ListEntryRowsAsync(cancellationToken);
        var index = SearchIndex.Of(rows.Select(row => row.ToEntry()));
        return new Loaded(index, now - Overlap, now);
    }

    private async Task PollQuietlyAsync(Loaded loaded)
    {
        try
        {
            await PollAsync(loaded, CancellationToken.None, skipIfBusy: true);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // Searches go on answering from the index as it is; the next one tries again.
            LogPollFailed(logger, failure);
        }
    }

    /// <summary>Reads the log since the last read and applies what is new: one range query, and a point read per changed entry.</summary>
    private async Task PollAsync(Loaded loaded, CancellationToken cancellationToken, bool skipIfBusy = false)
    {
        if (skipIfBusy ? !await _polling.WaitAsync(0, cancellationToken) : !await WaitAsync(cancellationToken))
        {
            return;
        }

        try
        {
            var started = clock.GetUtcNow();
            var rows = await changes.ReadAfterAsync(loaded.From, cancellationToken);
            var fresh = rows.Where(row => !loaded.Applied.ContainsKey(row.Key)).ToList();
            await Parallel.ForEachAsync(fresh.Select(row => row.EntryId).Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken }, async (id, token) =>
            {
                if (await resources.GetCurrentAsync(id, token) is { } stored)
                {
                    loaded.Index.Put(stored.Entry);
                }
                else
                {
                    loaded.Index.Remove(id);
                }
            });

            foreach (var row in fresh)
            {
                loaded.Applied[row.Key] = row.At;
            }

            var from = started - Overlap;
            if (from > loaded.From)
            {
                loaded.From = from;
                foreach (var old in loaded.Applied.Where(row => row.Value <= from).Select(row => row.Key).ToList())
                {
                    loaded.Applied.Remove(old);
                }
            }

            loaded.PolledAt = started;
            loaded.SinceSnapshot += fresh.Count;
            if (fresh.Count > 0)
            {
                // Answers this instance keeps in memory (a list, a search) are dropped: they may show what changed.
                publicChanges.Record();
            }
        }
        finally
        {
            _polling.Release();
        }
    }

    private async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        await _polling.WaitAsync(cancellationToken);
        return true;
    }

    private async Task SnapshotAsync(Loaded loaded, CancellationToken cancellationToken)
    {
        await _polling.WaitAsync(cancellationToken);
        try
        {
            var watermark = loaded.From;
            var bytes = await snapshots.WriteAsync(loaded.Index, watermark, cancellationToken);
            var changed = loaded.SinceSnapshot;
            loaded.SinceSnapshot = 0;
            var forgotten = await changes.ForgetBeforeAsync(watermark - ChangesKeptFor, SnapshotEvery, cancellationToken);
            LogSnapshot(logger, loaded.Index.Count, bytes, changed, forgotten);
        }
        finally
        {
            _polling.Release();
        }
    }

    /// <summary>This instance's index and where it is in the log (changed only while holding the poll's lock).</summary>
    private sealed class Loaded(SearchIndex index, DateTimeOffset from, DateTimeOffset polledAt)
    {
        public SearchIndex Index { get; } = index;

        /// <summary>Every log row up to this time has been applied; the next read starts here.</summary>
        public DateTimeOffset From { get; set; } = from;

        /// <summary>When the log was last read.</summary>
        public DateTimeOffset PolledAt { get; set; } = polledAt;

        /// <summary>Rows after <see cref="From"/> already applied, so a re-read does not read their entries again.</summary>
        public Dictionary<string, DateTimeOffset> Applied { get; } = new(StringComparer.Ordinal);

        public int SinceSnapshot { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index loaded from its snapshot: {Entries} entries, {Bytes} bytes, in {Took}")]
    private static partial void LogLoaded(ILogger logger, int entries, long bytes, TimeSpan took);

    [LoggerMessage(Level = LogLevel.Information, Message = "No search snapshot for this build's format: the index was built from the Resources table ({Entries} entries, {Bytes} bytes, in {Took})")]
    private static partial void LogBuilt(ILogger logger, int entries, long bytes, TimeSpan took);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index rebuilt from the Resources table: {Entries} entries, {Bytes} bytes, in {Took}")]
    private static partial void LogRebuilt(ILogger logger, int entries, long bytes, TimeSpan took);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search snapshot written: {Entries} entries, {Bytes} bytes, after {Changes} changes; {Forgotten} old log rows forgotten")]
    private static partial void LogSnapshot(ILogger logger, int entries, long bytes, int changes, int forgotten);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the search change log failed; searches answer from the index as it is")]
    private static partial void LogPollFailed(ILogger logger, Exception failure);
}

/// <summary>What a rebuild did: entries indexed, the snapshot's size, how long it took.</summary>
public sealed record SearchRebuild(int Entries, long Bytes, TimeSpan Took);
