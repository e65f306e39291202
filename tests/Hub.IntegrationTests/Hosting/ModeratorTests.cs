using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hub.Cli;
using Hub.Testing;
using Microsoft.Extensions.Configuration;

namespace Hub.IntegrationTests.Hosting;

/// <summary>
/// Moderators are people: each signs in with a secret of their own, checked by the function
/// itself (as in Azure, where no key name reaches the worker), and the audit log names them.
/// </summary>
public sealed class ModeratorTests(HubServer hub) : IClassFixture<HubServer>
{
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    private static string NewName(string person) => $"{person}-{Guid.NewGuid():N}"[..(person.Length + 9)];

    private IConfiguration Storage => hub.StorageSettings;

    private async Task<(int ExitCode, string Output, string Errors)> CliAsync(Func<IServiceProvider, TextWriter, TextWriter, Task<int>> command)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        await using var services = CliServices.Build(Storage);
        var exitCode = await command(services, output, errors);
        await hub.RunQueuesAsync(); // what the function app does after: the audit row
        return (exitCode, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Each_decision_in_the_audit_log_names_the_moderator_who_made_it()
    {
        var alice = NewName("alice");
        var bob = NewName("bob");
        using var asAlice = hub.Moderator(await hub.AddModeratorAsync(alice));
        using var asBob = hub.Moderator(await hub.AddModeratorAsync(bob));
        var (entry, _) = await _maintainer.NewEntryAsync();
        var first = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("First.")))["id"]!;
        var second = (string)(await _reader.PostCommentOkAsync(entry, Discussion.Comment("Second.")))["id"]!;

        await asAlice.ModerateAsync(entry, first, "pending", "approved");
        await asBob.ModerateAsync(entry, second, "pending", "trash");

        var log = (await _maintainer.GetJsonAsync("/api/manage/audit?limit=100"))["items"]!.AsArray();
        Assert.Equal(alice, (string?)log.Single(item => (string?)item!["commentId"] == first && (string?)item["action"] == "status-changed")!["actor"]);
        Assert.Equal(bob, (string?)log.Single(item => (string?)item!["commentId"] == second && (string?)item["action"] == "status-changed")!["actor"]);
    }

    [Fact]
    public async Task The_console_learns_who_is_signed_in()
    {
        var carol = NewName("carol");
        using var asCarol = hub.Moderator(await hub.AddModeratorAsync(carol));

        var me = await asCarol.GetJsonAsync("/api/manage/me");

        Assert.Equal(carol, (string?)me["name"]);
    }

    [Fact]
    public async Task Revoking_a_moderator_takes_effect_on_their_next_request()
    {
        var dan = NewName("dan");
        using var asDan = hub.Moderator(await hub.AddModeratorAsync(dan));
        Assert.Equal(HttpStatusCode.OK, (await asDan.GetAsync("/api/manage/comments/counts")).StatusCode);

        var revoked = await CliAsync((storage, output, errors) => ModeratorsCommand.RevokeAsync(dan, storage, output, errors, CancellationToken.None));

        Assert.Equal(0, revoked.ExitCode);
        await (await asDan.GetAsync("/api/manage/comments/counts")).AssertProblemAsync(401);
        var log = (await _maintainer.GetJsonAsync("/api/manage/audit?limit=100"))["items"]!.AsArray();
        Assert.Contains(log, item => (string?)item!["action"] == "moderator-revoked" && (string?)item["rule"] == dan && ((string?)item["actor"])!.StartsWith("cli:", StringComparison.Ordinal));
        var again = await CliAsync((storage, output, errors) => ModeratorsCommand.RevokeAsync(dan, storage, output, errors, CancellationToken.None));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no moderator named", again.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_adds_lists_and_replaces_secrets_and_never_shows_a_stored_one()
    {
        var erin = NewName("erin");
        var added = await CliAsync((storage, output, errors) => ModeratorsCommand.AddAsync(erin, false, storage, output, errors, CancellationToken.None));
        Assert.Equal(0, added.ExitCode);
        var secret = added.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        using var asErin = hub.Moderator(secret);
        Assert.Equal(erin, (string?)(await asErin.GetJsonAsync("/api/manage/me"))["name"]);

        var twice = await CliAsync((storage, output, errors) => ModeratorsCommand.AddAsync(erin, false, storage, output, errors, CancellationToken.None));
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("already a moderator", twice.Errors, StringComparison.Ordinal);

        var listed = await CliAsync((storage, output, errors) => ModeratorsCommand.ListAsync(true, storage, output, errors, CancellationToken.None));
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(JsonNode.Parse(listed.Output)!.AsArray(), moderator => (string?)moderator!["name"] == erin);
        Assert.DoesNotContain(secret.Split('.')[1], listed.Output, StringComparison.Ordinal);

        var replaced = await CliAsync((storage, output, errors) => ModeratorsCommand.AddAsync(erin, true, storage, output, errors, CancellationToken.None));
        Assert.Equal(0, replaced.ExitCode);
        await (await asErin.GetAsync("/api/manage/me")).AssertProblemAsync(401);
        using var asErinAgain = hub.Moderator(replaced.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last());
        Assert.Equal(HttpStatusCode.OK, (await asErinAgain.GetAsync("/api/manage/me")).StatusCode);

        var badName = await CliAsync((storage, output, errors) => ModeratorsCommand.AddAsync("Not A Name", false, storage, output, errors, CancellationToken.None));
        Assert.Equal(2, badName.ExitCode);
    }

    [Fact]
    public async Task Wrong_or_malformed_secrets_are_refused_with_401()
    {
        foreach (var wrong in new[] { "", "maintainer", "nobody." + new string('A', 43), HubServer.ModeratorName + "." + new string('A', 43), hub.ModeratorSecret + "x" })
        {
            using var client = hub.Moderator(wrong.Length == 0 ? "-" : wrong);
            var problem = await (await client.GetAsync("/api/manage/settings")).AssertProblemAsync(401);
            Assert.DoesNotContain(hub.ModeratorSecret, problem.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Repeated_wrong_secrets_from_one_client_are_slowed_down_without_locking_out_others()
    {
        var attacker = Clients.NewAddress();
        using var guessing = Clients.From(hub.BaseAddress, attacker);
        for (var guess = 0; guess < Hub.Functions.Http.SignInThrottle.AllowedFailures; guess++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/manage/me");
            request.Headers.Authorization = new("Moderator", $"{HubServer.ModeratorName}.{new string((char)('A' + guess), 43)}");
            await (await guessing.SendAsync(request)).AssertProblemAsync(401);
        }

        using var slowed = new HttpRequestMessage(HttpMethod.Get, "/api/manage/me");
        slowed.Headers.Authorization = new("Moderator", hub.ModeratorSecret);
        using var refused = await guessing.SendAsync(slowed);
        await refused.AssertProblemAsync(429);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);

        Assert.Equal(HttpStatusCode.OK, (await _maintainer.GetAsync("/api/manage/me")).StatusCode);
    }

    [Fact]
    public async Task A_settings_change_is_recorded_under_the_moderators_name()
    {
        var fay = NewName("fay");
        using var asFay = hub.Moderator(await hub.AddModeratorAsync(fay));

        (await asFay.PatchAsJsonAsync("/api/manage/settings", new { linkLimit = 3 })).EnsureSuccessStatusCode();
        (await asFay.PatchAsJsonAsync("/api/manage/settings", new { linkLimit = 2 })).EnsureSuccessStatusCode();

        var latest = (await _maintainer.GetJsonAsync("/api/manage/audit?limit=100"))["items"]!.AsArray()
            .First(item => (string?)item!["action"] == "settings-changed")!;
        Assert.Equal(fay, (string?)latest["actor"]);
    }
}
