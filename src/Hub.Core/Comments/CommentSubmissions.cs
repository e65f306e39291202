using System.Buffers.Text;
using System.Security.Cryptography;
using Hub.Core.Audit;
using Hub.Core.Comments.CommentsTable;
using Hub.Core.Comments.ModerationTable;
using Hub.Core.Discussion;
using Hub.Core.Entries;
using Hub.Core.Publishing;
using Hub.Core.Storage;
using Hub.Core.Validation;
using Microsoft.Extensions.Logging;

namespace Hub.Core.Comments;

/// <summary>A commenter's side: posting a comment under the discussion rules, and withdrawing it with its token.</summary>
public sealed partial class CommentSubmissions(
    EntryRepository resources,
    SettingsStore settingsStore,
    Idempotency idempotency,
    PublicChanges changes,
    CommentData data,
    TimeProvider clock,
    ILogger<CommentSubmissions> logger)
{
    public const string CommenterActor = "commenter";

    /// <summary>How many times a post is tried when, with no flood interval, another post by the same author took the author's row first.</summary>
    private const int MaxPostAttempts = 3;

    /// <summary>
    /// Posts a comment, as <paramref name="identity"/> when the commenter signed in. With an
    /// idempotency key (already checked with <see cref="Idempotency.IsValidKey"/>), a retry of an
    /// accepted post gets the first answer and stores nothing new.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(
        string entryId, CommentSubmission submission, CommenterIdentity? identity, string clientAddress, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is null)
        {
            return await SubmitOnceAsync(entryId, submission, identity, clientAddress, cancellationToken);
        }

        var (state, receipt) = await idempotency.ClaimAsync(entryId, idempotencyKey, cancellationToken);
        switch (state)
        {
            case Idempotency.ClaimState.Answered:
                return new SubmitResult(SubmitOutcome.Accepted, receipt!.Id, receipt.Comment, receipt.WithdrawToken);
            case Idempotency.ClaimState.InProgress:
                return new SubmitResult(SubmitOutcome.InProgress);
        }

        var result = await SubmitOnceAsync(entryId, submission, identity, clientAddress, cancellationToken);
        if (result.Outcome == SubmitOutcome.Accepted)
        {
            await idempotency.CompleteAsync(entryId, idempotencyKey, new IdempotentReceipt(result.Id!, result.Comment, result.WithdrawToken!), cancellationToken);
        }
        else
        {
            await idempotency.ReleaseAsync(entryId, idempotencyKey, cancellationToken);
        }

        return result;
    }

    private async Task<SubmitResult> SubmitOnceAsync(
        string entryId, CommentSubmission submission, CommenterIdentity? identity, string clientAddress, CancellationToken cancellationToken, int attempt = 1)
    {
        var settings = await settingsStore.GetDiscussionAsync(cancellationToken);
        var errors = new ValidationErrors();
        var valid = CommentValidator.Validate(submission, settings, errors, out var tooLong, identity);
        if (valid is null)
        {
            return new SubmitResult(tooLong ? SubmitOutcome.TooLong : SubmitOutcome.Invalid, Errors: errors);
        }

        var entry = await resources.GetAsync(entryId, cancellationToken);
        if (entry is null)
        {
            return new SubmitResult(SubmitOutcome.EntryNotFound);
        }

        var now = clock.GetUtcNow();
        if (settings.IsClosed(entry.Entry, now))
        {
            return new SubmitResult(SubmitOutcome.Closed);
        }

        var depth = 1;
        if (valid.ParentId is { } parentId)
        {
            var parent = await data.Store.GetAsync(entryId, parentId, cancellationToken);
            if (parent is not { CurrentStatus: CommentStatus.Approved })
            {
                return new SubmitResult(SubmitOutcome.ParentNotFound);
            }

            depth = parent.Depth + 1;
            if (depth > settings.MaxThreadDepth)
            {
                errors.Add("parentId", $"replies nest at most {settings.MaxThreadDepth} deep; reply to an earlier comment in the thread");
                return new SubmitResult(SubmitOutcome.Invalid, Errors: errors);
            }
        }

        var salt = await settingsStore.GetClientHashSaltAsync(cancellationToken);
        var clientHash = Hashing.Hmac(salt, clientAddress);
        var duplicateKey = CommentEntity.DuplicateKeyOf(valid);

        // What the post must check, read at once: when this address and this author (identity or
        // email) last posted, and the author's earlier comments with their status.
        var (addressLastPost, author) = await data.ReadPosterAsync(clientHash, valid.AuthorKey, cancellationToken);
        var floodKeys = new List<(string, Azure.Data.Tables.TableEntity?)> { (ModerationKeys.Address(clientHash), addressLastPost) };
        if (author is not null)
        {
            floodKeys.Add((ModerationKeys.Author(valid.AuthorKey!), author.LastPost));
        }

        var (wait, claims) = FloodClaims.Decide(floodKeys, settings.FloodIntervalSeconds, now);
        if (wait > TimeSpan.Zero)
        {
            return await TooSoonAsync(entryId, duplicateKey, wait, cancellationToken);
        }

        var known = !settings.HoldAllComments && settings.ApproveKnownAuthors && author is not null && IsKnownAuthor(author, valid);
        var verdict = CommentRules.Evaluate(valid, settings, known);
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var comment = CommentEntity.New(entryId, CommentId.New(now), valid, depth, verdict.Status, verdict.Rule, now, clientHash, Hashing.Sha256(token));

        // A held comment waits for someone: its follow-up tells the moderators, if they asked to be told.
        var followUp = CommentData.FollowUp(
            comment,
            new AuditEvent(CommenterActor, "submitted", entryId, comment.Id, ToStatus: comment.Status, Rule: verdict.Rule),
            entry.Entry.Title,
            from: null,
            to: verdict.Status,
            notify: verdict.Status == CommentStatus.Pending && settings.NotifyUrl.Length > 0);
        var outcome = await data.PostAsync(comment, claims, author, followUp, cancellationToken);
        switch (outcome)
        {
            case PostOutcome.TooSoon when settings.FloodIntervalSeconds <= 0 && attempt < MaxPostAttempts:
                // No flood interval: two posts by one author at once raced for the author's row, which lists their follow-ups. Again.
                return await SubmitOnceAsync(entryId, submission, identity, clientAddress, cancellationToken, attempt + 1);
            case PostOutcome.TooSoon:
                // Another post from this client claimed the interval between our read and our write.
                return await TooSoonAsync(entryId, duplicateKey, TimeSpan.FromSeconds(settings.FloodIntervalSeconds), cancellationToken);
            case PostOutcome.Duplicate:
                return new SubmitResult(SubmitOutcome.Duplicate);
        }

        LogPosted(logger, entryId, comment.Id, comment.Status, verdict.Rule);
        if (verdict.Status == CommentStatus.Approved)
        {
            changes.Record();
        }

        return new SubmitResult(SubmitOutcome.Accepted, comment.Id, verdict.Status == CommentStatus.Approved ? comment.ToPublicComment() : null, token);
    }

    /// <summary>Saying the same thing twice deserves the clearer answer, as in WordPress.</summary>
    private async Task<SubmitResult> TooSoonAsync(string entryId, string duplicateKey, TimeSpan wait, CancellationToken cancellationToken)
        => await data.Store.IsDuplicateAsync(entryId, duplicateKey, cancellationToken)
            ? new SubmitResult(SubmitOutcome.Duplicate)
            : new SubmitResult(SubmitOutcome.TooSoon, RetryAfter: wait);

    public enum WithdrawOutcome
    {
        Withdrawn,
        NotFound,
        WrongToken,
        Changed,
    }

    /// <summary>
    /// The commenter alone removes the comment for good: holding the token from the POST answer,
    /// or signed in as the identity that wrote it (<paramref name="token"/> null).
    /// </summary>
    public async Task<WithdrawOutcome> WithdrawAsync(string entryId, string commentId, string? token, CommenterIdentity? identity, CancellationToken cancellationToken)
    {
        var comment = await data.Store.GetAsync(entryId, commentId, cancellationToken);
        if (comment is null)
        {
            return WithdrawOutcome.NotFound;
        }

        var theirs = token is not null
            ? Hashing.SameSecret(token, comment.TokenHash)
            : identity is not null && comment.IdentityKey == identity.Key;
        if (!theirs)
        {
            return WithdrawOutcome.WrongToken;
        }

        var followUp = CommentData.FollowUp(comment, new AuditEvent(CommenterActor, "withdrawn", entryId, commentId, FromStatus: comment.Status), null, comment.CurrentStatus, null);
        if (!await data.DeleteAsync(comment, followUp, cancellationToken))
        {
            return WithdrawOutcome.Changed;
        }

        if (comment.CurrentStatus == CommentStatus.Approved)
        {
            changes.Record();
        }

        return WithdrawOutcome.Withdrawn;
    }

    /// <summary>
    /// WordPress's "comment author must have a previously approved comment": same name and email,
    /// or, signed in, the same identity (whatever name the provider gives now).
    /// </summary>
    private static bool IsKnownAuthor(AuthorRecord author, ValidComment comment)
        => author.Comments.Any(earlier => earlier.Status == CommentStatus.Approved.ToApi()
            && (comment.Identity is not null || string.Equals(earlier.AuthorName, comment.AuthorName, StringComparison.OrdinalIgnoreCase)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Comment {EntryId}/{CommentId} posted as {Status} ({Rule})")]
    private static partial void LogPosted(ILogger logger, string entryId, string commentId, string status, string rule);
}
