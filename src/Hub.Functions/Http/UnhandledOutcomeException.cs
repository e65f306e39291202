namespace Hub.Functions.Http;

/// <summary>
/// Thrown by a switch over an outcome the function does not handle: a new outcome added in Core
/// surfaces as a logged 500, never silently as some other answer.
/// </summary>
public sealed class UnhandledOutcomeException(Enum outcome)
    : InvalidOperationException($"{outcome.GetType().Name}.{outcome} has no HTTP answer in this function.");
