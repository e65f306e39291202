namespace Hub.Core.Settings;

/// <summary>
/// The OAuth 2.0 providers the hub knows by name, for those that give no ID token: each kind knows
/// its own endpoints and how to read a stable id and a display name from its user-info answer.
/// </summary>
public static class SignInKinds
{
    public const string WordPressCom = "wordpress-com";
    public const string GitHub = "github";
    public const string Facebook = "facebook";
    public const string X = "x";

    public static IReadOnlyList<string> All { get; } = [WordPressCom, GitHub, Facebook, X];
}
