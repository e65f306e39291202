using Hub.Core.Validation;

namespace Hub.Core.Comments;

public enum SubmitOutcome
{
    Accepted,
    EntryNotFound,
    ParentNotFound,
    Invalid,
    TooLong,
    Closed,
    TooSoon,
    Duplicate,

    /// <summary>Another request with the same Idempotency-Key is still being handled.</summary>
    InProgress,
}

/// <summary>
/// What became of a posted comment. <see cref="Comment"/> is set only when it was approved at
/// once; a held, spam or trashed comment is reported to the commenter as awaiting moderation.
/// </summary>
public sealed record SubmitResult(
    SubmitOutcome Outcome,
    string? Id = null,
    PublicComment? Comment = null,
    string? WithdrawToken = null,
    ValidationErrors? Errors = null,
    TimeSpan RetryAfter = default);
