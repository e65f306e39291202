using System.Text.Json.Nodes;
using Hub.Core.Discussion;
using Hub.Core.Validation;
using Hub.Functions.Discussion;

namespace Hub.UnitTests.Comments;

/// <summary>
/// The discussion rules as a document (<see cref="SettingsDocument"/>: PUT names every setting,
/// PATCH the ones it changes) and what a setting may be (<see cref="DiscussionSettings.Validate"/>).
/// </summary>
public sealed class SettingsDocumentTests
{
    private const string Defaults = """
        {"holdAllComments":true,"approveKnownAuthors":true,"linkLimit":2,"moderationWords":"","disallowedWords":"","requireNameAndEmail":true,
         "maxThreadDepth":5,"closeAfterDays":0,"floodIntervalSeconds":15,"maxCommentLength":5000,"notifyUrl":"","notifyFormat":"json","notifyDigestMinutes":0}
        """;

    private static readonly DiscussionSettings Current = new() { MaxThreadDepth = 3, LinkLimit = 7, ModerationWords = "pharma" };

    private static JsonObject Document(string json = Defaults) => JsonNode.Parse(json)!.AsObject();

    private static (DiscussionSettings? Settings, IDictionary<string, string[]> Errors) Put(JsonObject body)
    {
        var errors = new ValidationErrors();
        return (SettingsDocument.Replacement(body, errors), errors.ToDictionary());
    }

    private static (DiscussionSettings? Settings, IDictionary<string, string[]> Errors) Patch(JsonObject body)
    {
        var errors = new ValidationErrors();
        return (SettingsDocument.Merge(Current, body, errors), errors.ToDictionary());
    }

    [Fact]
    public void A_put_naming_every_setting_replaces_them_all()
    {
        var body = Document();
        body["holdAllComments"] = false;
        body["moderationWords"] = "pharma\ncasino";

        var (settings, errors) = Put(body);

        Assert.Empty(errors);
        Assert.Equal(DiscussionSettings.Default with { HoldAllComments = false, ModerationWords = "pharma\ncasino" }, settings);
    }

    [Theory]
    [InlineData("holdAllComments")]
    [InlineData("linkLimit")]
    [InlineData("notifyDigestMinutes")]
    public void A_put_missing_a_setting_is_refused_naming_it(string missing)
    {
        var body = Document();
        body.Remove(missing);

        var (settings, errors) = Put(body);

        Assert.Null(settings);
        Assert.Equal([missing], errors.Keys);
        Assert.Equal(["is required: PUT replaces every setting (PATCH changes only the ones you send)"], errors[missing]);
    }

    [Fact]
    public void An_empty_put_names_every_setting()
        => Assert.Equal(13, Put([]).Errors.Count);

    [Theory]
    [InlineData("PUT", "holdAllComents")]
    [InlineData("PUT", "LinkLimit")]
    [InlineData("PATCH", "linkLimt")]
    [InlineData("PATCH", "etag")]
    public void A_field_that_is_not_a_setting_is_refused_naming_it(string method, string unknown)
    {
        var body = method == "PUT" ? Document() : [];
        body[unknown] = 1;

        var (settings, errors) = method == "PUT" ? Put(body) : Patch(body);

        Assert.Null(settings);
        Assert.Equal([unknown], errors.Keys);
        Assert.StartsWith("is not a discussion setting: the settings are holdAllComments, approveKnownAuthors, linkLimit", errors[unknown].Single(), StringComparison.Ordinal);
    }

    public static TheoryData<string, DiscussionSettings> Patches => new()
    {
        { """{"floodIntervalSeconds":0}""", Current with { FloodIntervalSeconds = 0 } },
        { """{"holdAllComments":false,"notifyFormat":"ntfy"}""", Current with { HoldAllComments = false, NotifyFormat = "ntfy" } },
        { """{"moderationWords":""}""", Current with { ModerationWords = "" } },
        { "{}", Current },
    };

    [Theory]
    [MemberData(nameof(Patches))]
    public void A_patch_changes_only_the_settings_it_names(string json, DiscussionSettings expected)
    {
        var (settings, errors) = Patch(Document(json));

        Assert.Empty(errors);
        Assert.Equal(expected, settings);
    }

    [Theory]
    [InlineData("linkLimit", "\"many\"", "has the wrong type: a whole number")]
    [InlineData("linkLimit", "1.5", "has the wrong type: a whole number")]
    [InlineData("linkLimit", "true", "has the wrong type: a whole number")]
    [InlineData("linkLimit", "2147483648", "has the wrong type: a whole number")]
    [InlineData("holdAllComments", "\"yes\"", "has the wrong type: true or false")]
    [InlineData("holdAllComments", "1", "has the wrong type: true or false")]
    [InlineData("holdAllComments", "null", "has the wrong type: true or false")]
    [InlineData("moderationWords", "5", "has the wrong type: text")]
    [InlineData("moderationWords", "[\"pharma\"]", "has the wrong type: text")]
    [InlineData("moderationWords", "null", "must not be null")]
    [InlineData("notifyUrl", "{}", "has the wrong type: text")]
    public void A_setting_of_the_wrong_type_is_refused_naming_the_type(string name, string json, string rule)
    {
        var (settings, errors) = Patch(Document($$"""{"{{name}}":{{json}}}"""));

        Assert.Null(settings);
        Assert.Equal([name], errors.Keys);
        Assert.Equal(rule, errors[name][0]);
    }

    [Theory]
    [InlineData("linkLimit", "0", true)]
    [InlineData("linkLimit", "100", true)]
    [InlineData("linkLimit", "-1", false)]
    [InlineData("linkLimit", "101", false)]
    [InlineData("maxThreadDepth", "1", true)]
    [InlineData("maxThreadDepth", "10", true)]
    [InlineData("maxThreadDepth", "0", false)]
    [InlineData("maxThreadDepth", "11", false)]
    [InlineData("closeAfterDays", "36500", true)]
    [InlineData("closeAfterDays", "-1", false)]
    [InlineData("closeAfterDays", "36501", false)]
    [InlineData("floodIntervalSeconds", "0", true)]
    [InlineData("floodIntervalSeconds", "3600", true)]
    [InlineData("floodIntervalSeconds", "3601", false)]
    [InlineData("maxCommentLength", "1", true)]
    [InlineData("maxCommentLength", "32768", true)]
    [InlineData("maxCommentLength", "0", false)]
    [InlineData("maxCommentLength", "32769", false)]
    [InlineData("notifyDigestMinutes", "1440", true)]
    [InlineData("notifyDigestMinutes", "1441", false)]
    [InlineData("notifyDigestMinutes", "-1", false)]
    [InlineData("notifyFormat", "\"json\"", true)]
    [InlineData("notifyFormat", "\"ntfy\"", true)]
    [InlineData("notifyFormat", "\"JSON\"", false)]
    [InlineData("notifyFormat", "\"xml\"", false)]
    [InlineData("notifyFormat", "\"\"", false)]
    [InlineData("notifyUrl", "\"\"", true)]
    [InlineData("notifyUrl", "\"https://hooks.example.org/x\"", true)]
    [InlineData("notifyUrl", "\"http://127.0.0.1:8080/x\"", true)]
    [InlineData("notifyUrl", "\"http://localhost/x\"", true)]
    [InlineData("notifyUrl", "\"http://example.org/x\"", false)]
    [InlineData("notifyUrl", "\"https://user:secret@hooks.example.org/x\"", false)]
    [InlineData("notifyUrl", "\"javascript:alert(1)\"", false)]
    [InlineData("notifyUrl", "\"hooks.example.org/x\"", false)]
    public void A_setting_out_of_its_range_is_refused_naming_it(string name, string json, bool accepted)
    {
        var (settings, errors) = Patch(Document($$"""{"{{name}}":{{json}}}"""));

        Assert.Equal(accepted, settings is not null);
        Assert.Equal(accepted ? [] : [name], errors.Keys);
    }

    [Theory]
    [InlineData("moderationWords", DiscussionSettings.MaxWordListLength, true)]
    [InlineData("moderationWords", DiscussionSettings.MaxWordListLength + 1, false)]
    [InlineData("disallowedWords", DiscussionSettings.MaxWordListLength, true)]
    [InlineData("disallowedWords", DiscussionSettings.MaxWordListLength + 1, false)]
    public void A_word_list_may_be_20000_characters(string name, int length, bool accepted)
    {
        var (settings, errors) = Patch(new JsonObject { [name] = new string('w', length) });

        Assert.Equal(accepted, settings is not null);
        Assert.Equal(accepted ? null : [$"must be at most {DiscussionSettings.MaxWordListLength} characters"], errors.TryGetValue(name, out var messages) ? messages : null);
    }

    [Fact]
    public void A_notify_url_over_2000_characters_is_refused()
    {
        var url = "https://hooks.example.org/" + new string('x', 2_000 - "https://hooks.example.org/".Length);

        Assert.NotNull(Patch(new JsonObject { ["notifyUrl"] = url }).Settings);
        Assert.Equal(["notifyUrl"], Patch(new JsonObject { ["notifyUrl"] = url + "x" }).Errors.Keys);
    }

    [Fact]
    public void Every_bad_setting_is_named_at_once()
    {
        var (_, errors) = Patch(Document("""{"linkLimit":-1,"maxThreadDepth":0,"floodIntervalSeconds":3601,"maxCommentLength":0}"""));

        Assert.Equal(["floodIntervalSeconds", "linkLimit", "maxCommentLength", "maxThreadDepth"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
