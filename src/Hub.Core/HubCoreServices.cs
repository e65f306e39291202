using Hub.Core.Audit;
using Hub.Core.Backup;
using Hub.Core.Comments;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Discussion;
using Hub.Core.Entries;
using Hub.Core.FollowUps;
using Hub.Core.Import;
using Hub.Core.Moderators;
using Hub.Core.Notifications;
using Hub.Core.Publishing;
using Hub.Core.Search;
using Hub.Core.Settings;
using Hub.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hub.Core;

public static class HubCoreServices
{
    /// <summary>Storage and the domain services, shared by the function app, the local host and the CLI.</summary>
    public static IServiceCollection AddHubCore(this IServiceCollection services, IConfiguration configuration)
    {
        // The settings are bound from the configuration the host registered (a program without a host: this one).
        services.TryAddSingleton(configuration);
        services.AddHubSettings<HubSiteOptions>(HubSiteOptions.Section);
        services.AddHubSettings<HubSignInOptions>(HubSignInOptions.Section);
        services.AddHubSettings<FollowUpOptions>(FollowUpOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHubCache();
        services.TryAddSingleton(_ => StorageClientFactory.CreateTableServiceClient(configuration));
        services.TryAddSingleton<HubTables>();
        services.TryAddSingleton(_ => StorageClientFactory.CreateQueueServiceClient(configuration));
        services.TryAddSingleton(_ => StorageClientFactory.CreateBlobServiceClient(configuration));
        services.TryAddSingleton<FollowUpQueue>();
        services.TryAddSingleton<StartedFollowUps>();
        services.TryAddSingleton<FollowUpOutbox>();
        services.TryAddSingleton<FollowUpProcessor>();
        services.TryAddSingleton<FollowUpMonitor>();
        services.TryAddSingleton<PublicChanges>();
        services.TryAddSingleton<EntryRepository>();
        services.TryAddSingleton<CommentCounts>();
        services.TryAddSingleton<EntryImporter>();
        services.TryAddSingleton<ArchiveImporter>();
        services.TryAddSingleton<BackupService>();
        services.TryAddSingleton<WebhookClient>();
        services.TryAddSingleton(provider => ConsoleLink.ForSite(provider.GetRequiredService<IOptions<HubSiteOptions>>().Value.PublicUrl));
        services.TryAddSingleton<NotificationDelivery>();
        services.TryAddSingleton<SettingsStore>();
        services.TryAddSingleton<CommentData>();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<CommentSubmissions>();
        services.TryAddSingleton<Moderation>();
        services.TryAddSingleton<ModerationCheck>();
        services.TryAddSingleton<PersonalData>();
        services.TryAddSingleton<PublicComments>();
        services.TryAddSingleton<ModeratorStore>();
        services.TryAddSingleton<EntryLifecycle>();
        services.TryAddSingleton<SearchChanges>();
        services.TryAddSingleton<SearchSnapshots>();
        services.TryAddSingleton<EntrySearch>();
        services.TryAddSingleton<Idempotency>();
        services.TryAddSingleton<IPageUpdates, NoPageUpdates>();
        return services;
    }
}
