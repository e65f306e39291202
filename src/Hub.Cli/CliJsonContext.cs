using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Core.Backup;
using Hub.Core.Comments;
using Hub.Core.Moderators;

namespace Hub.Cli;

/// <summary>What the tool prints with --json.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(IReadOnlyList<Moderator>))]
[JsonSerializable(typeof(ModerationPage))]
[JsonSerializable(typeof(ModeratedComment))]
[JsonSerializable(typeof(WordPressImportSummary))]
[JsonSerializable(typeof(HubBackup))]
[JsonSerializable(typeof(Hub.Core.Notifications.NotificationStatus))]
[JsonSerializable(typeof(Hub.Core.FollowUps.FollowUpStatus))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
