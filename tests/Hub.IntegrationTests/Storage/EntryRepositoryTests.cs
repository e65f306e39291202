using Azure;
using Azure.Data.Tables;
using Hub.Core.Entries;
using Hub.Core.FollowUps;
using Hub.Core.Publishing;
using Hub.Core.Storage;
using Hub.LocalHost.Emulator;
using Hub.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.IntegrationTests.Storage;

public sealed class EmulatorFixture : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    public EntryRepository NewRepository() => new(Tables, new PublicChanges(), Hub.Core.HubCache.Create(TimeProvider.System), TimeProvider.System);

    /// <summary>Saves and deletes through the outbox, as every write does (nothing finishes the follow-ups here: these tests read the entry rows alone).</summary>
    public EntryLifecycle NewLifecycle(EntryRepository repository)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new FollowUpOptions());
        return new(repository, new FollowUpOutbox(
            Tables,
            new FollowUpQueue(new Azure.Storage.Queues.QueueServiceClient(Azurite.ConnectionString)),
            new StartedFollowUps(options, TimeProvider.System),
            options,
            TimeProvider.System,
            NullLogger<FollowUpOutbox>.Instance));
    }

    private HubTables Tables => new(new TableServiceClient(Azurite.ConnectionString));

    public async Task InitializeAsync() => Azurite = await Emulator.StartAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}

public sealed class EntryRepositoryTests : IClassFixture<EmulatorFixture>
{
    private readonly EntryRepository _repository;
    private readonly EntryLifecycle _entries;

    public EntryRepositoryTests(EmulatorFixture emulator)
    {
        _repository = emulator.NewRepository();
        _entries = emulator.NewLifecycle(_repository);
    }

    private static EntryContent Content(string category, string title = "Title", DateOnly? publishedOn = null)
        => new(title, "Summary", new Uri("https://example.org/"), "Publisher", publishedOn ?? new DateOnly(2024, 1, 1), category, ["one", "two"], Featured: false);

    private async Task<List<string>> IdsAsync(string category)
        => (await _repository.ListAsync(new EntryQuery(Category: category, Limit: 100), CancellationToken.None)).Items.Select(entry => entry.Id).ToList();

    [Fact]
    public async Task An_entry_round_trips_through_table_storage()
    {
        var id = Entries.NewId();
        var content = Content(Entries.NewCategory(), "Round trip", new DateOnly(2019, 2, 14));

        var saved = await _entries.SaveAsync(id, content, ifMatch: null, "test", CancellationToken.None);
        var read = await _repository.GetAsync(id, CancellationToken.None);

        Assert.Equal(WriteOutcome.Created, saved.Outcome);
        Assert.NotNull(read);
        Assert.Equal(saved.Stored!.Tag, read.Tag);
        Assert.Equal("Round trip", read.Entry.Title);
        Assert.Equal(new DateOnly(2019, 2, 14), read.Entry.PublishedOn);
        Assert.Equal(["one", "two"], read.Entry.Tags);
        Assert.Equal(new Uri("https://example.org/"), read.Entry.Url);
    }

    [Fact]
    public async Task Two_writers_with_the_same_etag_cannot_both_win()
    {
        var id = Entries.NewId();
        var category = Entries.NewCategory();
        var first = await _entries.SaveAsync(id, Content(category, "v1"), null, "test", CancellationToken.None);
        var etag = new ETag(first.Stored!.Tag);

        var results = await Task.WhenAll(
            _entries.SaveAsync(id, Content(category, "from A"), etag, "test", CancellationToken.None),
            _entries.SaveAsync(id, Content(category, "from B"), etag, "test", CancellationToken.None));

        Assert.Single(results, result => result.Outcome == WriteOutcome.Replaced);
        Assert.Single(results, result => result.Outcome == WriteOutcome.PreconditionFailed);
        var winner = results.Single(result => result.Outcome == WriteOutcome.Replaced).Stored!.Entry.Title;
        Assert.Equal(winner, (await _repository.GetAsync(id, CancellationToken.None))!.Entry.Title);
        Assert.Equal([id], await IdsAsync(category));
    }

    [Fact]
    public async Task Deleting_removes_the_entry_from_point_reads_and_from_the_list()
    {
        var id = Entries.NewId();
        var category = Entries.NewCategory();
        await _entries.SaveAsync(id, Content(category), null, "test", CancellationToken.None);

        var deleted = await _entries.DeleteAsync(id, null, "test", CancellationToken.None);

        Assert.Equal(WriteOutcome.Deleted, deleted.Outcome);
        Assert.Null(await _repository.GetAsync(id, CancellationToken.None));
        Assert.Empty(await IdsAsync(category));
        Assert.Equal(WriteOutcome.NotFound, (await _entries.DeleteAsync(id, null, "test", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task If_match_on_a_missing_entry_fails_rather_than_creating_it()
    {
        var id = Entries.NewId();
        var result = await _entries.SaveAsync(id, Content(Entries.NewCategory()), new ETag("W/\"datetime'2020-01-01T00%3A00%3A00Z'\""), "test", CancellationToken.None);

        Assert.Equal(WriteOutcome.PreconditionFailed, result.Outcome);
        Assert.Null(await _repository.GetAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task A_page_past_the_last_match_reports_no_next_cursor()
    {
        var category = Entries.NewCategory();
        for (var i = 0; i < 3; i++)
        {
            await _entries.SaveAsync($"e{i}-{category}", Content(category), null, "test", CancellationToken.None);
        }

        var page = await _repository.ListAsync(new EntryQuery(Category: category, Limit: 3), CancellationToken.None);
        var smaller = await _repository.ListAsync(new EntryQuery(Category: category, Limit: 2), CancellationToken.None);

        Assert.Equal(3, page.Items.Count);
        Assert.Null(page.NextCursor);
        Assert.NotNull(smaller.NextCursor);
    }
}
