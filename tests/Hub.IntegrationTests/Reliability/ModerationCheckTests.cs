using Azure;
using Azure.Data.Tables;
using Hub.Core.Backup;
using Hub.Core.Comments;
using Hub.Core.Storage;
using Hub.IntegrationTests.Comments;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// Only the follow-up files comments, so the check finds nothing to mend after ordinary work; a
/// drift made by hand (a queue row deleted behind the hub's back) is found, filed again, and the
/// tab count it leaves wrong is set from the rows. On a hub this small one run covers everything.
/// </summary>
public sealed class ModerationCheckTests(ClockedHubServer hub) : IClassFixture<ClockedHubServer>
{
    [Fact]
    public async Task The_check_mends_nothing_after_ordinary_work_and_mends_a_queue_row_deleted_by_hand_with_its_count()
    {
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();
        var (entry, _) = await maintainer.NewEntryAsync();
        var approved = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment("Approved.")))["id"]!;
        await maintainer.ModerateAsync(entry, approved, "pending", "approved");
        var trashed = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment("Trashed.")))["id"]!;
        await maintainer.ModerateAsync(entry, trashed, "pending", "trash");
        var waiting = (string)(await reader.PostCommentOkAsync(entry, Discussion.Comment("Waiting.")))["id"]!;
        hub.Clock.Advance(ModerationCheck.Settling + TimeSpan.FromMinutes(1)); // the check leaves the last minutes' changes to their follow-ups

        var check = hub.Services.GetRequiredService<ModerationCheck>();
        var clean = await check.RunAsync(CancellationToken.None);
        Assert.False(clean.Drifted, string.Join("; ", clean.Mended));
        Assert.Equal(3, clean.CommentsChecked);
        Assert.Equal(3, clean.QueueRowsChecked);
        Assert.Equal(TabWalkOrder, clean.TabsCounted);

        // A queue row lost behind the hub's back (no workflow can do this); the count still says 1.
        var moderation = new TableServiceClient(hub.Storage.ConnectionString).GetTableClient(HubTables.Moderation);
        await foreach (var row in moderation.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"moderation"} and RowKey ge {"q|pending|"} and RowKey lt {"q|pending}"}")))
        {
            if (row.GetString("CommentId") == waiting)
            {
                await moderation.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All);
            }
        }

        var drifted = await check.RunAsync(CancellationToken.None);

        Assert.Equal(1, drifted.Refiled); // filing it again counted it a second time ...
        Assert.Equal(1, drifted.ShardsRecounted); // ... and the walk through the queue, after, set the count from the rows
        Assert.NotNull(await maintainer.FindInQueueAsync("pending", waiting));
        Assert.NotNull(await maintainer.FindInQueueAsync("approved", approved));
        Assert.NotNull(await maintainer.FindInQueueAsync("trash", trashed));
        Assert.Equal(new QueueCounts(1, 1, 0, 1), await hub.Services.GetRequiredService<Moderation>().CountAsync(CancellationToken.None));
        var after = await check.RunAsync(CancellationToken.None);
        Assert.False(after.Drifted, string.Join("; ", after.Mended));
    }

    private static readonly CommentStatus[] TabWalkOrder = [CommentStatus.Approved, CommentStatus.Pending, CommentStatus.Spam, CommentStatus.Trash];
}

/// <summary>A hub of three times <see cref="ModerationCheck.Batch"/> comments, restored from a backup (so filed as the follow-up files them), with its storage requests watched.</summary>
public sealed class ThreeBatchesHubServer : FaultyHubServer
{
    public const int EntryCount = 3;

    public IReadOnlyList<string> EntryIds { get; private set; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var maintainer = Maintainer();
        var entries = new List<string>();
        for (var i = 0; i < EntryCount; i++)
        {
            entries.Add((await maintainer.NewEntryAsync()).EntryId);
        }

        EntryIds = entries;
        var backups = Services.GetRequiredService<BackupService>();
        var backup = await backups.ExportAsync(CancellationToken.None);
        var written = DateTimeOffset.UtcNow.AddHours(-2);
        var comments = entries.SelectMany(entry => Enumerable.Range(0, ModerationCheck.Batch).Select(i => Seeded(entry, i, written.AddSeconds(i)))).ToList();
        await backups.RestoreAsync(backup with { Comments = comments }, null, CancellationToken.None);
    }

    private static BackupComment Seeded(string entry, int i, DateTimeOffset at) => new(
        entry, CommentId.New(at), null, 1, $"Reader {i % 7}", $"reader-{i % 7}@example.org", null, $"Comment {i} on {entry}.",
        (i % 10) switch { 0 => "pending", 1 => "spam", 2 => "trash", _ => "approved" }, null, "", at, at, "client", "token", CommentVersion.New());
}

/// <summary>
/// The check is bounded: one run reads <see cref="ModerationCheck.Batch"/> comments and as many
/// queue rows, with one point read each, whatever the number of comments; its cursors go round
/// the whole hub and start again; and a queue row removed behind the hub's back is mended within
/// the runs it takes to come round to it.
/// </summary>
public sealed class BoundedModerationCheckTests(ThreeBatchesHubServer hub) : IClassFixture<ThreeBatchesHubServer>
{
    private const int Comments = ThreeBatchesHubServer.EntryCount * ModerationCheck.Batch;

    [Fact]
    public async Task One_run_reads_a_batch_the_cursors_go_round_the_hub_and_a_lost_queue_row_is_mended_when_they_reach_it()
    {
        var check = hub.Services.GetRequiredService<ModerationCheck>();

        // One run: a batch of comments and of queue rows, about two requests each, and a few more.
        hub.Probe.StartRecording();
        var first = await check.RunAsync(CancellationToken.None);
        var requests = hub.Probe.StopRecording();
        Assert.False(first.Drifted, string.Join("; ", first.Mended));
        Assert.Equal(ModerationCheck.Batch, first.CommentsChecked);
        Assert.Equal(ModerationCheck.Batch, first.QueueRowsChecked);
        Assert.InRange(requests.Count, 2 * ModerationCheck.Batch, (2 * ModerationCheck.Batch) + 20);

        // The rest of the cycle: every comment once, every tab counted, nothing to mend.
        var checkedInCycle = first.CommentsChecked;
        var tabsCounted = new HashSet<CommentStatus>(first.TabsCounted);
        var runs = 1;
        for (var report = first; !report.CommentsReachedEnd; runs++)
        {
            report = await check.RunAsync(CancellationToken.None);
            Assert.False(report.Drifted, string.Join("; ", report.Mended));
            checkedInCycle += report.CommentsChecked;
            tabsCounted.UnionWith(report.TabsCounted);
        }

        Assert.Equal(Comments, checkedInCycle);
        Assert.InRange(runs, 3, 4); // a fourth, empty, when storage could not tell the third had read the last

        Assert.Equal(Enum.GetValues<CommentStatus>().Length, tabsCounted.Count);

        // The cursor wrapped: the next run starts again from the first comment.
        var wrapped = await check.RunAsync(CancellationToken.None);
        Assert.Equal(ModerationCheck.Batch, wrapped.CommentsChecked);
        Assert.False(wrapped.Drifted, string.Join("; ", wrapped.Mended));

        // An approved comment of the last entry loses its queue row behind the hub's back.
        var moderation = new TableServiceClient(hub.Storage.ConnectionString).GetTableClient(HubTables.Moderation);
        var lastEntry = hub.EntryIds.Max(StringComparer.Ordinal)!;
        TableEntity? lost = null;
        await foreach (var row in moderation.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"moderation"} and RowKey ge {"q|approved|"} and RowKey lt {"q|approved}"}")))
        {
            if (row.GetString("EntryId") == lastEntry)
            {
                lost = row;
                break;
            }
        }

        Assert.NotNull(lost);
        await moderation.DeleteEntityAsync(lost.PartitionKey, lost.RowKey, ETag.All);

        // Within a cycle of the comments' cursor it is filed again; the count that filing left one
        // too high is set from the rows when the queue's walk next counts that tab whole.
        var refiled = 0;
        var recounted = 0;
        for (var i = 0; i < 2 * runs && (refiled == 0 || recounted == 0); i++)
        {
            var report = await check.RunAsync(CancellationToken.None);
            refiled += report.Refiled;
            recounted += report.ShardsRecounted;
        }

        Assert.Equal(1, refiled);
        Assert.Equal(1, recounted);
        var restored = await moderation.GetEntityIfExistsAsync<TableEntity>(lost.PartitionKey, lost.RowKey);
        Assert.True(restored.HasValue);
        Assert.Equal(new QueueCounts(150, 1050, 150, 150), await hub.Services.GetRequiredService<Moderation>().CountAsync(CancellationToken.None));
    }
}

/// <summary>
/// Housekeeping: an idempotency answer is kept at least 24 hours for retries (filed under its day,
/// so expiry reads only the days that are due), then the hourly timer deletes it; rows of the
/// layout before go at the first run.
/// </summary>
public sealed class HousekeepingTests(ClockedHubServer hub) : IClassFixture<ClockedHubServer>
{
    [Fact]
    public async Task Idempotency_answers_go_once_they_are_past_their_day()
    {
        using var maintainer = hub.Maintainer();
        var (entry, _) = await maintainer.NewEntryAsync();
        using var from = Clients.From(hub.BaseAddress, Clients.NewAddress());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/resources/{entry}/comments") { Content = System.Net.Http.Json.JsonContent.Create(Discussion.Comment("Kept a day.")) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        (await from.SendAsync(request)).EnsureSuccessStatusCode();
        var idempotency = new TableServiceClient(hub.Storage.ConnectionString).GetTableClient(HubTables.Idempotency);

        var before = new TableEntity(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("an old row"u8)), "receipt") { ["ClaimedAt"] = hub.Clock.GetUtcNow() };
        await idempotency.AddEntityAsync(before);

        await hub.RunTimerAsync("KeepHouse");
        Assert.Single(await RowsAsync(idempotency)); // this day's answer stays; the old layout's row went

        hub.Clock.Advance(TimeSpan.FromHours(23));
        await hub.RunTimerAsync("KeepHouse");
        Assert.Single(await RowsAsync(idempotency));

        hub.Clock.Advance(TimeSpan.FromHours(25)); // past the end of the day after its day
        await hub.RunTimerAsync("KeepHouse");
        Assert.Empty(await RowsAsync(idempotency));
    }

    private static async Task<List<TableEntity>> RowsAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
