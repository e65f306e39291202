using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Functions.Auth;
using Hub.Functions.Comments;
using Hub.Functions.Entries;
using Hub.Functions.Health;
using Hub.Functions.Moderators;

namespace Hub.Functions;

/// <summary>The payloads that exist only at the HTTP edge; domain payloads are in HubJsonContext.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(FoundEntries))]
[JsonSerializable(typeof(HeldReceipt))]
[JsonSerializable(typeof(ApprovedReceipt))]
[JsonSerializable(typeof(StatusChange))]
[JsonSerializable(typeof(BulkStatusChange))]
[JsonSerializable(typeof(BulkResults))]
[JsonSerializable(typeof(PersonalDataRequest))]
[JsonSerializable(typeof(SignInProviderList))]
[JsonSerializable(typeof(PersonalDataExport))]
[JsonSerializable(typeof(ErasureReport))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(SignedInModerator))]
[JsonSerializable(typeof(MarkdownPreviewRequest))]
[JsonSerializable(typeof(MarkdownPreview))]
[JsonSerializable(typeof(Hub.Core.FollowUps.FollowUpStatus))]
[JsonSerializable(typeof(Hub.Core.Notifications.NotificationStatus))]
public sealed partial class FunctionsJsonContext : JsonSerializerContext;
