using System.Net.Http.Json;
using Azure.Data.Tables;
using Hub.Core.Moderators;
using Hub.Core.Storage;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// The writes that touch no comment go through the same outbox as those that do (see
/// <c>FollowUpCrashTests</c> for comments and entries): a settings change and a moderator added,
/// each with a failure injected at each storage request it and its follow-up make, then the
/// follow-up left to run. A change that committed has its audit row exactly once and, for the
/// rules, every entry page shows them; one that did not commit leaves no trace. A hub of its own,
/// so the rules pass renders a handful of pages, not every entry the other crash tests made.
/// </summary>
public sealed class RulesAndModeratorCrashTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    private const int MaxSteps = 40;

    private readonly HttpClient _maintainer = hub.Maintainer();
    private readonly HttpClient _site = Clients.From(hub.SiteAddress, Clients.NewAddress());

    [Theory]
    [InlineData("settings")]
    [InlineData("moderator-add")]
    public async Task A_crash_at_any_storage_request_leaves_the_state_of_no_crash_once_the_follow_up_has_run(string write)
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        hub.FollowUpsAfterEachWrite = false;
        try
        {
            var steps = 0;
            for (var step = 0; step < MaxSteps; step++)
            {
                var audited = await AuditedAsync(write == "settings" ? "settings-changed" : "moderator-added");
                var value = 3000 + step;
                var name = $"crash-{step}-{Guid.NewGuid():N}"[..20];
                hub.Probe.FailAfter(step, message => !StorageProbe.IsPageRender(message));
                await ActAsync(write, value, name);
                await hub.RunQueuesAsync();
                var reachedEnd = hub.Probe.Armed;
                hub.Probe.Disarm();
                await hub.FinishFollowUpsAsync();

                var because = reachedEnd ? $"{write}, no failure" : $"{write}, failure at request {step}";
                var committed = write == "settings"
                    ? (int)(await _maintainer.GetJsonAsync("/api/manage/settings"))["maxCommentLength"]! == value
                    : (await hub.Services.GetRequiredService<ModeratorStore>().ListAsync(CancellationToken.None)).Any(moderator => moderator.Name == name);
                var audit = await AuditedAsync(write == "settings" ? "settings-changed" : "moderator-added");
                Assert.True(audit.Count == audited.Count + (committed ? 1 : 0), $"{because}: {audit.Count - audited.Count} new audit rows, committed: {committed}");
                if (write == "moderator-add")
                {
                    Assert.True(audit.Count(rule => rule == name) == (committed ? 1 : 0), because);
                }

                var stored = (int)(await _maintainer.GetJsonAsync("/api/manage/settings"))["maxCommentLength"]!;
                Assert.Contains($"data-max-length=\"{stored}\"", await _site.GetStringAsync($"/entries/{entry}/"), StringComparison.Ordinal);
                Assert.Empty(await FollowUpRecordsAsync());
                Assert.Empty(hub.Services.GetRequiredService<Hub.Core.FollowUps.StartedFollowUps>().Snapshot());
                if (reachedEnd)
                {
                    Assert.True(committed, because);
                    steps = step;
                    break;
                }
            }

            Assert.InRange(steps, 2, MaxSteps - 1);
        }
        finally
        {
            hub.Probe.Disarm();
            hub.FollowUpsAfterEachWrite = true;
        }
    }

    private async Task ActAsync(string write, int value, string name)
    {
        if (write == "settings")
        {
            using var _ = await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { maxCommentLength = value });
            return;
        }

        try
        {
            await hub.Services.GetRequiredService<ModeratorStore>().AddAsync(name, "test", CancellationToken.None);
        }
        catch (Azure.RequestFailedException)
        {
            // The injected failure, as the CLI would report it.
        }
    }

    /// <summary>The audit rows of an action (their rule: the moderator's name, for a moderator's).</summary>
    private async Task<List<string>> AuditedAsync(string action)
    {
        var rows = new List<string>();
        await foreach (var row in Table(HubTables.Moderation).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"moderation"} and Action eq {action}")))
        {
            rows.Add(row.GetString("Rule") ?? "");
        }

        return rows;
    }

    /// <summary>The follow-up records left in the tables these writes change.</summary>
    private async Task<List<string>> FollowUpRecordsAsync()
    {
        var rows = new List<string>();
        foreach (var table in new[] { HubTables.Settings, HubTables.Moderators })
        {
            await foreach (var row in Table(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey gt {"follow-up|"} and RowKey lt {"follow-up}"}")))
            {
                rows.Add($"{table}/{row.PartitionKey}/{row.RowKey}");
            }
        }

        return rows;
    }

    private TableClient Table(string name) => new TableServiceClient(hub.Storage.ConnectionString).GetTableClient(name);
}
