using Azure;
using Azure.Data.Tables;
using Hub.Core.Entries;
using Hub.Core.FollowUps;
using Hub.Core.Publishing;
using Hub.Core.Storage;
using Hub.LocalHost.Emulator;
using Hub.Testing;

namespace Hub.IntegrationTests.Storage;

public sealed class EmulatorFixture : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    public EntryRepository NewRepository() => new(new HubTables(new TableServiceClient(Azurite.ConnectionString)), new PublicChanges(), Hub.Core.HubCache.Create(TimeProvider.System), TimeProvider.System);

    public async Task InitializeAsync() => Azurite = await Emulator.StartAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}

public sealed class EntryRepositoryTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly EntryRepository _repository = emulator.NewRepository();

    /// <summary>The record of a follow-up that each write commits with (nothing finishes it here: these tests read the entry rows alone).</summary>
    private static FollowUpRecord Record()
    {
        var id = FollowUpAddress.NewId(DateTimeOffset.UtcNow);
        return new FollowUpRecord { PartitionKey = "resources", RowKey = FollowUpKeys.Record(id), Table = HubTables.Resources, Id = id, Kind = nameof(FollowUpKind.Entry) };
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

        var saved = await _repository.SaveAsync(id, content, ifMatch: null, Record(), CancellationToken.None);
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
        var first = await _repository.SaveAsync(id, Content(category, "v1"), null, Record(), CancellationToken.None);
        var etag = new ETag(first.Stored!.Tag);

        var results = await Task.WhenAll(
            _repository.SaveAsync(id, Content(category, "from A"), etag, Record(), CancellationToken.None),
            _repository.SaveAsync(id, Content(category, "from B"), etag, Record(), CancellationToken.None));

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
        await _repository.SaveAsync(id, Content(category), null, Record(), CancellationToken.None);

        var deleted = await _repository.DeleteAsync(id, null, Record(), CancellationToken.None);

        Assert.Equal(WriteOutcome.Deleted, deleted.Outcome);
        Assert.Null(await _repository.GetAsync(id, CancellationToken.None));
        Assert.Empty(await IdsAsync(category));
        Assert.Equal(WriteOutcome.NotFound, (await _repository.DeleteAsync(id, null, Record(), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task If_match_on_a_missing_entry_fails_rather_than_creating_it()
    {
        var id = Entries.NewId();
        var result = await _repository.SaveAsync(id, Content(Entries.NewCategory()), new ETag("W/\"datetime'2020-01-01T00%3A00%3A00Z'\""), Record(), CancellationToken.None);

        Assert.Equal(WriteOutcome.PreconditionFailed, result.Outcome);
        Assert.Null(await _repository.GetAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task A_page_past_the_last_match_reports_no_next_cursor()
    {
        var category = Entries.NewCategory();
        for (var i = 0; i < 3; i++)
        {
            await _repository.SaveAsync($"e{i}-{category}", Content(category), null, Record(), CancellationToken.None);
        }

        var page = await _repository.ListAsync(new EntryQuery(Category: category, Limit: 3), CancellationToken.None);
        var smaller = await _repository.ListAsync(new EntryQuery(Category: category, Limit: 2), CancellationToken.None);

        Assert.Equal(3, page.Items.Count);
        Assert.Null(page.NextCursor);
        Assert.NotNull(smaller.NextCursor);
    }
}
