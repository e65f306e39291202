using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Core;
using Hub.Core.Discussion;
using Hub.Core.Validation;

namespace Hub.Functions.Discussion;

/// <summary>
/// The discussion rules as a JSON document: PUT must name every setting (a full replacement,
/// so a missing or misspelled field can never quietly reset a rule), PATCH names only the ones
/// it changes; both refuse a field that is not a setting, naming it.
/// </summary>
public static class SettingsDocument
{
    private static readonly string[] Names = [.. HubJsonContext.Default.DiscussionSettings.Properties.Select(property => property.Name)];

    /// <summary>The settings a PUT body describes, or null with the errors.</summary>
    public static DiscussionSettings? Replacement(JsonObject body, ValidationErrors errors)
    {
        CheckNames(body, errors);
        foreach (var missing in Names.Where(name => !body.ContainsKey(name)))
        {
            errors.Add(missing, "is required: PUT replaces every setting (PATCH changes only the ones you send)");
        }

        return errors.IsEmpty ? Read(body, errors) : null;
    }

    /// <summary>The current settings with a PATCH body's fields applied, or null with the errors.</summary>
    public static DiscussionSettings? Merge(DiscussionSettings current, JsonObject body, ValidationErrors errors)
    {
        CheckNames(body, errors);
        if (!errors.IsEmpty)
        {
            return null;
        }

        var merged = JsonSerializer.SerializeToNode(current, HubJsonContext.Default.DiscussionSettings)!.AsObject();
        foreach (var (name, value) in body)
        {
            merged[name] = value?.DeepClone();
        }

        return Read(merged, errors);
    }

    private static void CheckNames(JsonObject body, ValidationErrors errors)
    {
        foreach (var (name, _) in body)
        {
            if (!Names.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(name, "is not a discussion setting: the settings are " + string.Join(", ", Names));
            }
        }
    }

    private static DiscussionSettings? Read(JsonObject document, ValidationErrors errors)
    {
        foreach (var (name, value) in document)
        {
            var property = HubJsonContext.Default.DiscussionSettings.Properties.Single(p => p.Name == name);
            try
            {
                _ = value.Deserialize(HubJsonContext.Default.GetTypeInfo(property.PropertyType)!);
                if (value is null)
                {
                    errors.Add(name, "must not be null");
                }
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
            {
                errors.Add(name, "has the wrong type: " + (property.PropertyType == typeof(bool) ? "true or false" : property.PropertyType == typeof(int) ? "a whole number" : "text"));
            }
        }

        if (!errors.IsEmpty)
        {
            return null;
        }

        var settings = document.Deserialize(HubJsonContext.Default.DiscussionSettings)!;
        settings.Validate(errors);
        return errors.IsEmpty ? settings : null;
    }
}
