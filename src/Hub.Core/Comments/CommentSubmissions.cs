using System.Buffers.Text;
using System.Security.Cryptography;
using Hub.Core.Audit;
using Hub.Core.Comments.Storage;
using Hub.Core.Discussion;
using Hub.Core.Publishing;
using Hub.Core.Resources;
using Hub.Core.Storage;
using Hub.Core.Validation;

namespace Hub.Core.Comments;

/// <summary>A commenter's side: posting a comment under the discussion rules, and withdrawing it with its token.</summary>
public sealed class CommentSubmissions(
    ResourceRepository resources,
    SettingsStore settingsStore,
    FloodGuard flood,
    AuditLog audit,
    Idempotency idempotency,
    DiscussionChanges discussion,
    TimeProvider clock,
    HubTables tables)
{
    public const string CommenterActor = "commenter";

    private readonly CommentData _data = new(tables);

    /// <summary>
    /// Posts a comment. With an idempotency key (already checked with <see cref="Idempotency.IsValidKey"/>),
    /// a retry of an accepted post gets the first answer and stores nothing new.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(string entryId, CommentSubmission submission, string clientAddress, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is null)
        {
            return await SubmitOnceAsync(entryId, submission, clientAddress, cancellationToken);
        }

        var (state, receipt) = await idempotency.ClaimAsync(entryId, idempotencyKey, cancellationToken);
        switch (state)
        {
            case Idempotency.ClaimState.Answered:
                return new SubmitResult(SubmitOutcome.Accepted, receipt!.Id, receipt.Comment, receipt.WithdrawToken);
            case Idempotency.ClaimState.InProgress:
                return new SubmitResult(SubmitOutcome.InProgress);
        }

        var result = await SubmitOnceAsync(entryId, submission, clientAddress, cancellationToken);
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

    private async Task<SubmitResult> SubmitOnceAsync(string entryId, CommentSubmission submission, string clientAddress, CancellationToken cancellationToken)
    {
        var settings = await settingsStore.GetDiscussionAsync(cancellationToken);
        var errors = new ValidationErrors();
        var valid = CommentValidator.Validate(submission, settings, errors, out var tooLong);
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
            var parent = await _data.Store.GetAsync(entryId, parentId, cancellationToken);
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
        string[] floodKeys = valid.AuthorEmail.Length > 0 ? [clientHash, FloodKeyOfEmail(salt, valid.AuthorEmail)] : [clientHash];
        var duplicateKey = Hashing.Sha256((valid.AuthorEmail.Length > 0 ? Hashing.EmailKey(valid.AuthorEmail) : valid.AuthorName) + "\n" + valid.Content);
        var wait = await flood.TryClaimAsync(floodKeys, settings.FloodIntervalSeconds, cancellationToken);
        if (wait > TimeSpan.Zero)
        {
            // Saying the same thing twice deserves the clearer answer, as in WordPress.
            return await _data.Store.IsDuplicateAsync(entryId, duplicateKey, cancellationToken)
                ? new SubmitResult(SubmitOutcome.Duplicate)
                : new SubmitResult(SubmitOutcome.TooSoon, RetryAfter: wait);
        }

        var known = !settings.HoldAllComments && settings.ApproveKnownAuthors && await IsKnownAuthorAsync(valid, cancellationToken);
        var verdict = CommentRules.Evaluate(valid, settings, known);
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var comment = new CommentEntity
        {
            PartitionKey = entryId,
            Id = CommentId.New(now),
            EntryId = entryId,
            ParentId = valid.ParentId,
            Depth = depth,
            AuthorName = valid.AuthorName,
            AuthorEmail = valid.AuthorEmail,
            AuthorUrl = valid.AuthorUrl,
            Content = valid.Content,
            Status = verdict.Status.ToApi(),
            HeldBecause = verdict.Rule,
            CreatedAt = now,
            StatusChangedAt = now,
            ClientHash = clientHash,
            TokenHash = Hashing.Sha256(token),
            DuplicateKey = duplicateKey,
        };
        comment.RowKey = CommentKeys.Comment(comment.Id);

        // The queue and author-index rows first: a crash after them leaves rows that point at
        // nothing (readers drop them), never a comment missing from the queue or from its author's
        // personal-data export and erasure.
        await Task.WhenAll(_data.Queue.AddAsync(comment, verdict.Status, cancellationToken), _data.Authors.AddAsync(comment, cancellationToken));
        if (!await _data.Store.CreateAsync(comment, cancellationToken))
        {
            await Task.WhenAll(_data.Queue.RemoveAsync(comment, verdict.Status, cancellationToken), _data.Authors.RemoveAsync(comment, cancellationToken));
            return new SubmitResult(SubmitOutcome.Duplicate);
        }

        await audit.RecordAsync(new AuditEvent(CommenterActor, "submitted", entryId, comment.Id, ToStatus: comment.Status, Rule: verdict.Rule), cancellationToken);
        var approved = verdict.Status == CommentStatus.Approved;
        if (approved)
        {
            await discussion.ChangedAsync(entryId, cancellationToken);
        }

        return new SubmitResult(SubmitOutcome.Accepted, comment.Id, approved ? comment.ToPublicComment() : null, token);
    }

    /// <summary>The flood check's key for a commenter's email: keyed with the hub's salt, so the table holds nothing a dictionary could reverse.</summary>
    public static string FloodKeyOfEmail(byte[] salt, string email) => Hashing.Hmac(salt, "email\n" + Hashing.EmailKey(email));

    public enum WithdrawOutcome
    {
        Withdrawn,
        NotFound,
        WrongToken,
        Changed,
    }

    /// <summary>The commenter alone, holding the token from the POST answer, removes the comment for good.</summary>
    public async Task<WithdrawOutcome> WithdrawAsync(string entryId, string commentId, string token, CancellationToken cancellationToken)
    {
        var comment = await _data.Store.GetAsync(entryId, commentId, cancellationToken);
        if (comment is null)
        {
            return WithdrawOutcome.NotFound;
        }

        if (!Hashing.SameSecret(token, comment.TokenHash))
        {
            return WithdrawOutcome.WrongToken;
        }

        var status = comment.CurrentStatus;
        if (!await _data.DeleteAsync(comment, cancellationToken))
        {
            return WithdrawOutcome.Changed;
        }

        if (status == CommentStatus.Approved)
        {
            await discussion.ChangedAsync(entryId, cancellationToken);
        }

        await audit.RecordAsync(new AuditEvent(CommenterActor, "withdrawn", entryId, commentId, FromStatus: status.ToApi()), cancellationToken);
        return WithdrawOutcome.Withdrawn;
    }

    /// <summary>WordPress's "comment author must have a previously approved comment": same name and email.</summary>
    private async Task<bool> IsKnownAuthorAsync(ValidComment comment, CancellationToken cancellationToken)
    {
        if (comment.AuthorEmail.Length == 0)
        {
            return false;
        }

        foreach (var (entryId, commentId) in await _data.Authors.CommentsByAsync(comment.AuthorEmail, cancellationToken))
        {
            var earlier = await _data.Store.GetAsync(entryId, commentId, cancellationToken);
            if (earlier is { CurrentStatus: CommentStatus.Approved } && string.Equals(earlier.AuthorName, comment.AuthorName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
