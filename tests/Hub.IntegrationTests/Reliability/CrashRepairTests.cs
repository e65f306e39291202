using System.Net;
using System.Net.Http.Json;
using Azure.Core;
using Azure.Data.Tables;
using Hub.Core.Storage;
using Hub.Testing;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// Crashes at a chosen storage call (the request fails as if the process died there) never lose
/// a comment to its author's erasure, and never leave an entry's discussion to come back; and
/// erasure and deletion leave nothing derived from an address behind.
/// </summary>
public sealed class CrashRepairTests(FaultyHubServer hub) : IClassFixture<FaultyHubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    private TableServiceClient Storage => new(hub.Storage.ConnectionString);

    private async Task<List<TableEntity>> RowsAsync(string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Storage.GetTableClient(table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Fails the first storage request that comes after one matching <paramref name="after"/>.</summary>
    private void CrashAfter(Func<HttpMessage, bool> after, Func<HttpMessage, bool>? which = null)
    {
        var passed = false;
        hub.Probe.FailNext(message =>
        {
            if (!passed)
            {
                passed = after(message);
                return false;
            }

            return which?.Invoke(message) ?? true;
        });
    }

    private static bool Touches(HttpMessage message, string table) => message.Request.Uri.Path.Contains("/" + table, StringComparison.Ordinal);

    private async Task<(string Id, string Email)> PostAsync(string entry, string email, string content)
    {
        var id = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment(content, email: email)))["id"]!;
        return (id, email);
    }

    [Fact]
    public async Task Erasure_removes_every_row_derived_from_the_address()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var email = $"erase-all-{Guid.NewGuid():N}@example.org";
        var held = await PostAsync(entry, email, "Held.");
        (await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 0 })).EnsureSuccessStatusCode();
        var published = await PostAsync(entry, email, "Published.");
        await _maintainer.ModerateAsync(entry, published.Id, "pending", "approved");

        // A crash while posting a third: nothing of it is stored or filed.
        hub.Probe.FailNext(StorageProbe.IsTransaction);
        await (await _reader.PostCommentAsync(entry, Discussion.Comment("Never stored.", email: email))).AssertProblemAsync(503);
        (await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { floodIntervalSeconds = 15 })).EnsureSuccessStatusCode();
        await PostAsync(entry, $"someone-{Guid.NewGuid():N}@example.org", "Someone else, to be kept.");
        Assert.Contains(await RowsAsync(HubTables.Moderation), row => IsAuthorRow(row, email));
        Assert.Contains(await RowsAsync(HubTables.Moderation), row => row.RowKey == "who|" + Hashing.EmailKey(email));

        using var erase = await _maintainer.PostAsJsonAsync("/api/manage/personal-data/erase", new { email });
        Assert.Equal(2, (int)(await erase.JsonAsync())["erased"]!);
        string[] ids = [held.Id, published.Id];
        Assert.DoesNotContain(await RowsAsync(HubTables.Moderation), row => IsAuthorRow(row, email) || row.RowKey == "who|" + Hashing.EmailKey(email));
        Assert.DoesNotContain(await RowsAsync(HubTables.Moderation), row => row.GetString("AuthorEmail") == email);
        Assert.DoesNotContain(await RowsAsync(HubTables.Comments), row => ids.Any(id => row.RowKey.Contains(id, StringComparison.Ordinal) || row.GetString("CommentId") == id));
        Assert.DoesNotContain(await RowsAsync(HubTables.Moderation), row => !IsAuditRow(row) && ids.Contains(row.GetString("CommentId")));
        Assert.Empty(await _reader.PublicCommentsAsync(entry));
    }

    [Fact]
    public async Task Deleting_an_entry_leaves_nothing_of_its_discussion()
    {
        var (entry, _) = await _maintainer.NewEntryAsync();
        var first = await PostAsync(entry, $"a-{Guid.NewGuid():N}@example.org", "First.");
        var second = await PostAsync(entry, $"b-{Guid.NewGuid():N}@example.org", "Second.");
        await _maintainer.ModerateAsync(entry, first.Id, "pending", "approved");

        Assert.Equal(HttpStatusCode.NoContent, (await _maintainer.DeleteAsync($"/api/manage/resources/{entry}")).StatusCode);

        Assert.DoesNotContain(await RowsAsync(HubTables.Comments), row => row.PartitionKey == entry);
        Assert.DoesNotContain(await RowsAsync(HubTables.Moderation), row => IsAuthorRow(row, first.Email) || IsAuthorRow(row, second.Email));
        Assert.DoesNotContain(await RowsAsync(HubTables.Moderation), row => row.RowKey.StartsWith("q|", StringComparison.Ordinal) && row.GetString("EntryId") == entry);
    }

    private static bool IsAuditRow(TableEntity row) => row.RowKey.StartsWith("audit|", StringComparison.Ordinal);

    /// <summary>A row of the author index: one comment this email wrote.</summary>
    private static bool IsAuthorRow(TableEntity row, string email) => row.RowKey.StartsWith($"who|{Hashing.EmailKey(email)}|", StringComparison.Ordinal);
}
