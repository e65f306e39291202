using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Hub.Functions.Discussion;

/// <summary>
/// The settings body as a document whose names are read exactly, as <see cref="SettingsDocument"/>
/// checks them. Not the web defaults: their case-insensitive names would make a JsonObject of
/// <c>{"notifyUrl":…,"NOTIFYURL":…}</c> throw on its first read (a 500) instead of naming the stranger.
/// </summary>
[JsonSourceGenerationOptions(AllowDuplicateProperties = false)]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;
