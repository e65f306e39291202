namespace Hub.Core.Settings;

/// <summary>
/// The <c>Hub</c> section as a whole, as the function app and the CLI know it: one property per
/// subsection. Bound with unknown keys as errors (<see cref="HubSettings.AddHubSection{TRoot}"/>), so a
/// misspelled setting under <c>Hub:</c> stops start-up, naming the key, instead of being ignored.
/// A program with settings of its own under <c>Hub:</c> (the local host) derives from this.
/// </summary>
public class HubOptions
{
    public const string Section = "Hub";

    /// <summary><c>Hub:Site</c>.</summary>
    public HubSiteOptions Site { get; set; } = new();

    /// <summary><c>Hub:SignIn</c>.</summary>
    public HubSignInOptions SignIn { get; set; } = new();

    /// <summary><c>Hub:FollowUps</c>.</summary>
    public FollowUps.FollowUpOptions FollowUps { get; set; } = new();
}
