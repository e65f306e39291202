using Azure;
using Azure.Data.Tables;
using Hub.Core.Comments;
using Hub.Core.Storage;
using Hub.IntegrationTests.Comments;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// Only the follow-up files comments, so the hourly check finds nothing to report after ordinary
/// work; a drift made by hand (a queue row deleted behind the hub's back) is reported and put right.
/// </summary>
public sealed class ModerationCheckTests(ClockedHubServer hub) : IClassFixture<ClockedHubServer>
{
    [Fact]
    public async Task The_hourly_check_finds_no_drift_after_ordinary_work_and_reports_and_mends_a_drift_made_by_hand()
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
        Assert.False(clean.Drifted);

        // A queue row lost behind the hub's back (no workflow can do this).
        var moderation = new TableServiceClient(hub.Storage.ConnectionString).GetTableClient(HubTables.Moderation);
        await foreach (var row in moderation.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"moderation"} and RowKey ge {"q|pending|"} and RowKey lt {"q|pending}"}")))
        {
            if (row.GetString("CommentId") == waiting)
            {
                await moderation.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All);
            }
        }

        var drifted = await check.RunAsync(CancellationToken.None);

        Assert.Equal(1, drifted.QueueRowsWrong);
        Assert.NotNull(await maintainer.FindInQueueAsync("pending", waiting));
        Assert.NotNull(await maintainer.FindInQueueAsync("approved", approved));
        Assert.NotNull(await maintainer.FindInQueueAsync("trash", trashed));
        Assert.False((await check.RunAsync(CancellationToken.None)).Drifted);
    }
}

/// <summary>Housekeeping: an idempotency answer is kept 24 hours for retries, then the hourly timer deletes it.</summary>
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

        await hub.RunTimerAsync("KeepHouse");
        Assert.NotEmpty(await RowsAsync(idempotency));

        hub.Clock.Advance(TimeSpan.FromHours(25));
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
