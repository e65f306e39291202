using System.Net;
using Hub.Core;
using Hub.Testing;

namespace Hub.IntegrationTests.Hosting;

/// <summary>Two instances over one storage account, as Flex Consumption scales out: what one caches, the other learns in bounded time.</summary>
public sealed class InstanceTests(HubServer hub) : IClassFixture<HubServer>
{
    [Fact]
    public async Task A_rules_change_on_one_instance_reaches_another_within_the_cache_time()
    {
        await using var other = await HubServer.StartHostAsync(hub.Storage.ConnectionString, "");
        using var here = hub.Maintainer();
        using var there = Clients.From(other.ApiAddress, Clients.NewAddress());
        there.DefaultRequestHeaders.Authorization = new("Moderator", hub.ModeratorSecret);
        Assert.Equal(2, (int)(await there.GetJsonAsync("/api/manage/settings"))["linkLimit"]!);

        (await here.PatchAsJsonAsync("/api/manage/settings", new { linkLimit = 9 })).EnsureSuccessStatusCode();

        Assert.Equal(9, (int)(await here.GetJsonAsync("/api/manage/settings"))["linkLimit"]!);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((int)(await there.GetJsonAsync("/api/manage/settings"))["linkLimit"]! != 9)
        {
            Assert.True(waited.Elapsed < HubCache.Expiry + TimeSpan.FromSeconds(5), "the other instance never saw the change");
            await Task.Delay(250);
        }

        (await here.PatchAsJsonAsync("/api/manage/settings", new { linkLimit = 2 })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await there.GetAsync("/api/health")).StatusCode);
    }
}
