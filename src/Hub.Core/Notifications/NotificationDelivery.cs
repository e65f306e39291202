using Azure;
using Azure.Data.Tables;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Discussion;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Core.Notifications;

/// <summary>How telling the moderators has gone, for the console and <c>hub notifications</c>.</summary>
public sealed record NotificationStatus(bool Configured, int Waiting, DateTimeOffset? LastSentAt, DateTimeOffset? LastFailureAt, string? LastFailure, int GivenUp);

/// <summary>
/// Where a notice sends moderators: the console on the site, from <c>Hub:Site:PublicUrl</c>
/// (<see cref="Settings.HubSiteOptions"/>; the Bicep sets it, the local host sets it to its site).
/// </summary>
public sealed class ConsoleLink(Uri? address)
{
    public Uri? Address { get; } = address;

    public static ConsoleLink ForSite(string? siteUrl)
        => new(siteUrl is { Length: > 0 } && Uri.TryCreate(siteUrl.TrimEnd('/') + "/manage/", UriKind.Absolute, out var console) ? console : null);
}

/// <summary>
/// Sends the held-comment notices to the webhook in the settings, on a schedule (a timer, every
/// minute), so a post never waits for, or fails with, someone else's server. A notice that
/// could not be sent is tried again after 1, 2, 4 … 60 minutes, and given up after
/// <see cref="MaxAttempts"/> tries. With a digest interval, the notices due are sent as one
/// message at most that often.
/// </summary>
public sealed partial class NotificationDelivery(HubTables tables, SettingsStore settings, WebhookClient webhook, ConsoleLink console, TimeProvider clock, ILogger<NotificationDelivery> logger)
{
    public const int MaxAttempts = 8;

    /// <summary>Notices one run reads at most, oldest first (a digest holds at most this many; the next run goes on).</summary>
    public const int MaxPerRun = 100;

    /// <summary>How far the status counts the notices waiting.</summary>
    public const int MaxCounted = 1000;

    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var rules = await settings.GetCurrentDiscussionAsync(cancellationToken);
        if (rules.NotifyUrl.Length == 0)
        {
            return 0;
        }

        var table = await tables.GetAsync(HubTables.Moderation, cancellationToken);
        var now = clock.GetUtcNow();
        var status = await StatusRowAsync(table, cancellationToken);
        var due = (await NoticesAsync(table, MaxPerRun, cancellationToken)).Where(notice => notice.NextAttemptAt <= now).ToList();
        if (due.Count == 0 || (rules.NotifyDigestMinutes > 0 && status.GetDateTimeOffset("LastSentAt") is { } last && now - last < TimeSpan.FromMinutes(rules.NotifyDigestMinutes)))
        {
            return 0;
        }

        var batches = rules.NotifyDigestMinutes > 0 ? [due] : due.Select(notice => new List<HeldNotice> { notice }).ToList();
        var sent = 0;
        foreach (var batch in batches)
        {
            var failure = await webhook.SendAsync(WebhookMessage.Build(rules.NotifyUrl, rules.NotifyFormat, batch, console.Address), cancellationToken);
            if (failure is null)
            {
                sent += batch.Count;
                status["LastSentAt"] = now;
                foreach (var chunk in batch.Chunk(100))
                {
                    await table.SubmitTransactionAsync(chunk.Select(notice => ModerationPartition.Delete(notice.RowKey, ETag.All)), cancellationToken);
                }

                continue;
            }

            LogFailed(logger, batch.Count, failure);
            status["LastFailureAt"] = now;
            status["LastFailure"] = failure;
            foreach (var notice in batch)
            {
                notice.Attempts++;
                if (notice.Attempts >= MaxAttempts)
                {
                    status["GivenUp"] = (status.GetInt32("GivenUp") ?? 0) + 1;
                    await table.DeleteEntityAsync(notice.PartitionKey, notice.RowKey, ETag.All, cancellationToken);
                    continue;
                }

                notice.NextAttemptAt = now + TimeSpan.FromMinutes(Math.Min(60, 1 << (notice.Attempts - 1)));
                await table.UpsertEntityAsync(notice, TableUpdateMode.Replace, cancellationToken);
            }
        }

        await table.UpsertEntityAsync(status, TableUpdateMode.Replace, cancellationToken);
        LogSent(logger, sent, due.Count);
        return sent;
    }

    public async Task<NotificationStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(HubTables.Moderation, cancellationToken);
        var status = await StatusRowAsync(table, cancellationToken);
        return new NotificationStatus(
            (await settings.GetDiscussionAsync(cancellationToken)).NotifyUrl.Length > 0,
            (await NoticesAsync(table, MaxCounted, cancellationToken)).Count,
            status.GetDateTimeOffset("LastSentAt"),
            status.GetDateTimeOffset("LastFailureAt"),
            status.GetString("LastFailure"),
            status.GetInt32("GivenUp") ?? 0);
    }

    /// <summary>The oldest waiting notices, up to <paramref name="limit"/>: a run reads what it can send, not every held comment.</summary>
    private static async Task<List<HeldNotice>> NoticesAsync(TableClient table, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ModerationKeys.Partition} and RowKey gt {ModerationKeys.NoticePrefix} and RowKey lt {ModerationKeys.NoticeEnd}");
        var notices = new List<HeldNotice>();
        await foreach (var notice in table.QueryAsync<HeldNotice>(filter, maxPerPage: limit, cancellationToken: cancellationToken))
        {
            notices.Add(notice);
            if (notices.Count == limit)
            {
                break;
            }
        }

        return notices;
    }

    private static async Task<TableEntity> StatusRowAsync(TableClient table, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(ModerationKeys.Partition, ModerationKeys.NoticeStatus, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value! : new TableEntity(ModerationKeys.Partition, ModerationKeys.NoticeStatus);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notified the moderators of {Sent} of {Due} held comments")]
    private static partial void LogSent(ILogger logger, int sent, int due);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not notify the moderators of {Count} held comments: {Failure}; trying again later")]
    private static partial void LogFailed(ILogger logger, int count, string failure);
}
