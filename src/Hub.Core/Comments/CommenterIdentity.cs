namespace Hub.Core.Comments;

/// <summary>
/// A commenter who signed in with an OpenID Connect provider, as the hub's own commenter token
/// says: the provider, the name to show, and <see cref="Key"/>, a keyed hash of the provider's
/// subject (<see cref="AuthorKeys.Identity"/>). The subject itself is never kept.
/// </summary>
public sealed record CommenterIdentity(string ProviderId, string ProviderName, string Key, string Name);
