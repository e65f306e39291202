namespace Hub.Functions.Auth;

/// <summary>
/// Who a provider says signed in: the namespace of its ids (an OpenID Connect issuer, or an OAuth
/// 2.0 kind such as <c>github</c>), its stable id for the person there, and the name to show.
/// The hub keeps only a keyed hash of the first two (<see cref="Hub.Core.Comments.AuthorKeys.Identity"/>).
/// </summary>
public sealed record ProviderIdentity(string Namespace, string Subject, string Name);
