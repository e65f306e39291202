using System.Globalization;
using System.Text.Json;
using Hub.Core.Settings;
using Hub.Core.Validation;

namespace Hub.Functions.Auth;

/// <summary>
/// The four OAuth 2.0 kinds, as each one's developer documentation gave them on 2026-12-08
/// (docs/sign-in.md has the links and how to register). The identity is the provider's stable
/// numeric or opaque id, never a login name, which some providers let a person rename and reuse.
/// </summary>
public static class OAuthKinds
{
    /// <summary>The longest id the hub keeps (the providers' own are far shorter).</summary>
    public const int IdMaxLength = 100;

    /// <summary>
    /// WordPress.com's OAuth2 (developer.wordpress.com/docs/api/oauth2/): the <c>auth</c> scope only
    /// reaches <c>/me</c>; no PKCE is documented for these endpoints; the secret in the form body.
    /// </summary>
    public static OAuthKind WordPressCom { get; } = new(
        SignInKinds.WordPressCom,
        "WordPress.com",
        new("https://public-api.wordpress.com/oauth2/authorize"),
        new("https://public-api.wordpress.com/oauth2/token"),
        new("https://public-api.wordpress.com/rest/v1/me"),
        "auth",
        Pkce: false,
        ClientAuthentication.PostBody,
        "login_hint",
        json => Read(json, "ID", JsonValueKind.Number, "display_name", "username"));

    /// <summary>
    /// A GitHub OAuth app (docs.github.com, "Authorizing OAuth apps"): no scope reads the public
    /// profile; PKCE S256 is accepted since 2025-07-14; the secret in the form body; <c>login</c>
    /// suggests an account; <c>GET /user</c> needs a User-Agent.
    /// </summary>
    public static OAuthKind GitHub { get; } = new(
        SignInKinds.GitHub,
        "GitHub",
        new("https://github.com/login/oauth/authorize"),
        new("https://github.com/login/oauth/access_token"),
        new("https://api.github.com/user"),
        "",
        Pkce: true,
        ClientAuthentication.PostBody,
        "login",
        json => Read(json, "id", JsonValueKind.Number, "name", "login"));

    /// <summary>
    /// Facebook Login's manual flow (developers.facebook.com, "Manually Build a Login Flow"), Graph
    /// API v24.0: <c>public_profile</c>, PKCE S256, the secret in the form body, <c>/me?fields=id,name</c>.
    /// The id is scoped to the app, stable for that app.
    /// </summary>
    public static OAuthKind Facebook { get; } = new(
        SignInKinds.Facebook,
        "Facebook",
        new("https://www.facebook.com/v24.0/dialog/oauth"),
        new("https://graph.facebook.com/v24.0/oauth/access_token"),
        new("https://graph.facebook.com/v24.0/me?fields=id,name"),
        "public_profile",
        Pkce: true,
        ClientAuthentication.PostBody,
        "login_hint",
        json => Read(json, "id", JsonValueKind.String, "name", null));

    /// <summary>
    /// X's OAuth 2.0 authorization code flow with PKCE (docs.x.com): <c>users.read</c> needs
    /// <c>tweet.read</c>; a confidential client authenticates with Basic; <c>GET /2/users/me</c>
    /// answers <c>{ "data": { "id", "name", "username" } }</c>.
    /// </summary>
    public static OAuthKind X { get; } = new(
        SignInKinds.X,
        "X",
        new("https://x.com/i/oauth2/authorize"),
        new("https://api.x.com/2/oauth2/token"),
        new("https://api.x.com/2/users/me"),
        "users.read tweet.read",
        Pkce: true,
        ClientAuthentication.BasicHeader,
        "login_hint",
        json => json.ValueKind == JsonValueKind.Object && json.TryGetProperty("data", out var data) ? Read(data, "id", JsonValueKind.String, "name", "username") : null);

    public static IReadOnlyList<OAuthKind> All { get; } = [WordPressCom, GitHub, Facebook, X];

    /// <summary>The kind a provider names; the settings' validation has made sure there is one.</summary>
    public static OAuthKind Of(string kind) => All.Single(known => known.Name == kind);

    /// <summary>
    /// The user from an answer: the id of the documented JSON type (a whole number, or a non-empty
    /// string of one line), or null when there is none; names only when they are strings.
    /// </summary>
    private static OAuthUser? Read(JsonElement json, string idProperty, JsonValueKind idKind, string? nameProperty, string? loginProperty)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(idProperty, out var id) || id.ValueKind != idKind)
        {
            return null;
        }

        var text = idKind == JsonValueKind.Number
            ? id.TryGetInt64(out var number) && number > 0 ? number.ToString(CultureInfo.InvariantCulture) : null
            : id.GetString();
        if (text is not { Length: > 0 and <= IdMaxLength } || TextRules.HasControlCharacters(text, multiline: false) || text.Trim().Length != text.Length)
        {
            return null;
        }

        return new OAuthUser(text, Text(json, nameProperty), Text(json, loginProperty));
    }

    private static string? Text(JsonElement json, string? property)
        => property is not null && json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
