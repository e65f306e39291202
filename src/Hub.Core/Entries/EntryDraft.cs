using System.Text.Json.Serialization;

namespace Hub.Core.Entries;

/// <summary>
/// What a maintainer sends to create or replace an entry. Every field is nullable so that a
/// missing field is reported by validation rather than by the JSON reader.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EntryDraft(
    string? Id = null,
    string? Title = null,
    string? Summary = null,
    string? Url = null,
    string? Source = null,
    string? PublishedOn = null,
    string? Category = null,
    IReadOnlyList<string?>? Tags = null,
    bool? Featured = null,
    string? Body = null);
