using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Core.Audit;
using Hub.Core.Comments;
using Hub.Core.Discussion;
using Hub.Core.Entries;
using Hub.Core.FollowUps;
using Hub.Core.Publishing;

namespace Hub.Core;

/// <summary>Every JSON payload the hub reads or writes: camelCase, generated at compile time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false, UseStringEnumConverter = true, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(Entry))]
[JsonSerializable(typeof(EntriesPage))]
[JsonSerializable(typeof(EntryDraft))]
[JsonSerializable(typeof(EntryDraft[]))]
[JsonSerializable(typeof(DiscussionSettings))]
[JsonSerializable(typeof(CommentSubmission))]
[JsonSerializable(typeof(PublicComment))]
[JsonSerializable(typeof(PublicCommentPage))]
[JsonSerializable(typeof(ModeratedComment))]
[JsonSerializable(typeof(ModerationPage))]
[JsonSerializable(typeof(QueueCounts))]
[JsonSerializable(typeof(AuditPage))]
[JsonSerializable(typeof(IdempotentReceipt))]
[JsonSerializable(typeof(FollowUpMessage))]
[JsonSerializable(typeof(FollowUp))]
public sealed partial class HubJsonContext : JsonSerializerContext;
