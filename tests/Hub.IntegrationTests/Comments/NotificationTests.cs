using System.Net;
using System.Text.Json.Nodes;
using Hub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.IntegrationTests.Comments;

/// <summary>A hub whose clock the test moves.</summary>
public sealed class ClockedHubServer : HubServer
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>A held comment reaches the moderators' webhook: sent by the timer, never by the POST, retried with back-off, its state in the console.</summary>
public sealed class NotificationTests(ClockedHubServer hub) : IClassFixture<ClockedHubServer>, IDisposable
{
    private readonly WebhookReceiver _receiver = new();
    private readonly HttpClient _reader = hub.Reader();
    private readonly HttpClient _maintainer = hub.Maintainer();

    private async Task NotifyAsync(object settings)
        => (await _maintainer.PatchAsJsonAsync("/api/manage/settings", settings)).EnsureSuccessStatusCode();

    [Fact]
    public async Task A_held_comment_reaches_the_webhook_without_the_commenters_email_or_address()
    {
        await NotifyAsync(new { notifyUrl = _receiver.Url, notifyFormat = "json", notifyDigestMinutes = 0, floodIntervalSeconds = 0 });
        var (entry, _) = await _maintainer.NewEntryAsync();
        var email = $"private-{Guid.NewGuid():N}@example.org";
        var address = Discussion.NewClientAddress();

        using var posted = await _reader.PostCommentAsync(entry, Discussion.Comment("Please look at the procurement notice.", email: email), address);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Empty(_receiver.Received); // the POST never calls out

        await hub.RunTimerAsync("DeliverNotifications");

        var (contentType, body, _) = Assert.Single(_receiver.Received);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        var message = JsonNode.Parse(body)!;
        Assert.Contains("An entry to discuss", (string)message["text"]!, StringComparison.Ordinal);
        Assert.Equal(new Uri(hub.SiteAddress, "/manage/").AbsoluteUri, (string?)message["link"]);
        var comment = message["comments"]![0]!;
        Assert.Equal(entry, (string?)comment["entry"]!["id"]);
        Assert.Equal("Please look at the procurement notice.", (string?)comment["excerpt"]);
        Assert.Equal("every comment is held for approval", (string?)comment["heldBecause"]);
        Assert.DoesNotContain(email, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(address.ToString(), body, StringComparison.Ordinal);

        var status = await _maintainer.GetJsonAsync("/api/manage/notifications");
        Assert.True((bool)status["configured"]!);
        Assert.Equal(0, (int)status["waiting"]!);
        Assert.NotNull((string?)status["lastSentAt"]);

        await hub.RunTimerAsync("DeliverNotifications");
        Assert.Single(_receiver.Received); // sent once

        // The same state from the terminal.
        using var output = new StringWriter();
        Assert.Equal(0, await Hub.Cli.NotificationsCommand.StatusAsync(json: true, Hub.Cli.CliServices.Build(hub.StorageSettings), output, CancellationToken.None));
        var fromCli = JsonNode.Parse(output.ToString())!;
        Assert.Equal((string?)status["lastSentAt"], (string?)fromCli["lastSentAt"]);
        Assert.Equal(0, (int)fromCli["waiting"]!);
    }

    /// <summary>Some receivers and the proxies before them refuse a request without a length; the message is small, so it is sent whole.</summary>
    [Theory]
    [InlineData("json")]
    [InlineData("ntfy")]
    public async Task A_webhook_arrives_with_a_content_length_not_chunked(string format)
    {
        await NotifyAsync(new { notifyUrl = _receiver.Url, notifyFormat = format, notifyDigestMinutes = 0, floodIntervalSeconds = 0 });
        var (entry, _) = await _maintainer.NewEntryAsync();
        await _reader.PostCommentOkAsync(entry, Discussion.Comment("Sent whole, with its length."));

        await hub.RunTimerAsync("DeliverNotifications");

        var (_, body, headers) = Assert.Single(_receiver.Received);
        Assert.False(headers.ContainsKey("Transfer-Encoding"), $"sent with Transfer-Encoding: {headers.GetValueOrDefault("Transfer-Encoding")}");
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture), headers.GetValueOrDefault("Content-Length"));
        Assert.Contains("Sent whole, with its length.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_fails_is_tried_again_later_and_the_failure_shows()
    {
        await NotifyAsync(new { notifyUrl = _receiver.Url, notifyFormat = "ntfy", notifyDigestMinutes = 0, floodIntervalSeconds = 0 });
        var (entry, _) = await _maintainer.NewEntryAsync();
        await _reader.PostCommentOkAsync(entry, Discussion.Comment("Held while the receiver is down."));
        _receiver.Status = HttpStatusCode.InternalServerError;

        await hub.RunTimerAsync("DeliverNotifications");

        var failed = await _maintainer.GetJsonAsync("/api/manage/notifications");
        Assert.Contains("500", (string)failed["lastFailure"]!, StringComparison.Ordinal);
        Assert.Equal(1, (int)failed["waiting"]!);

        // Not again at once (back-off), then again once its minute has passed.
        _receiver.Status = HttpStatusCode.OK;
        await hub.RunTimerAsync("DeliverNotifications");
        Assert.Single(_receiver.Received);
        hub.Clock.Advance(TimeSpan.FromMinutes(2));
        await hub.RunTimerAsync("DeliverNotifications");

        Assert.Equal(2, _receiver.Received.Count);
        var (contentType, body, headers) = _receiver.Received.Last();
        Assert.StartsWith("text/plain", contentType, StringComparison.Ordinal);
        Assert.Contains("Held while the receiver is down.", body, StringComparison.Ordinal);
        Assert.Contains("An entry to discuss", headers["Title"], StringComparison.Ordinal);
        Assert.Equal(0, (int)(await _maintainer.GetJsonAsync("/api/manage/notifications"))["waiting"]!);
    }

    [Fact]
    public async Task With_a_digest_the_moderators_get_one_message_at_most_every_interval()
    {
        await NotifyAsync(new { notifyUrl = _receiver.Url, notifyFormat = "json", notifyDigestMinutes = 10, floodIntervalSeconds = 0 });
        var (entry, _) = await _maintainer.NewEntryAsync();
        hub.Clock.Advance(TimeSpan.FromMinutes(30)); // past any earlier test's last message
        for (var i = 0; i < 3; i++)
        {
            await _reader.PostCommentOkAsync(entry, Discussion.Comment($"Digest {i}."));
        }

        await hub.RunTimerAsync("DeliverNotifications");
        var digest = JsonNode.Parse(Assert.Single(_receiver.Received).Body)!;
        Assert.StartsWith("3 comments are waiting", (string)digest["text"]!, StringComparison.Ordinal);
        Assert.Equal(3, digest["comments"]!.AsArray().Count);

        await _reader.PostCommentOkAsync(entry, Discussion.Comment("Digest, later."));
        await hub.RunTimerAsync("DeliverNotifications");
        Assert.Single(_receiver.Received);
        hub.Clock.Advance(TimeSpan.FromMinutes(11));
        await hub.RunTimerAsync("DeliverNotifications");
        Assert.Equal(2, _receiver.Received.Count);
    }

    [Fact]
    public async Task A_webhook_address_must_be_https_or_this_machine()
    {
        var refused = await (await _maintainer.PatchAsJsonAsync("/api/manage/settings", new { notifyUrl = "http://chat.example.org/hook" })).AssertProblemAsync(400);
        Assert.Equal(["notifyUrl"], refused.ErrorFields());
    }

    public void Dispose()
    {
        _receiver.Dispose();
        _reader.Dispose();
        _maintainer.Dispose();
    }
}
