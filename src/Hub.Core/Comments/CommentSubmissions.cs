using System.Buffers.Text;
using System.Security.Cryptography;
using Hub.Core.Audit;
using Hub.Core.Comments.Storage;
using Hub.Core.Discussion;
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
    TimeProvider clock,
    HubTables tables)
{
    public const string CommenterActor = "commenter";

    private readonly CommentData _data = new(tables);

    public async Task<SubmitResult> SubmitAsync(string entryId, CommentSubmission submission, string clientAddress, CancellationToken cancellationToken)
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
        string[] floodKeys = valid.AuthorEmail.Length > 0 ? [clientHash, Hashing.Hmac(salt, "email\n" + Hashing.EmailKey(valid.AuthorEmail))] : [clientHash];
        var duplicateKey = Hashing.Sha256((valid.AuthorEmail.Length > 0 ? Hashing.EmailKey(valid.AuthorEmail) : valid.AuthorName) + "\n" + valid.Content);
        var wait = await flood.WaitRequiredAsync(floodKeys, settings.FloodIntervalSeconds, cancellationToken);
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

        // The queue row first: a crash after it leaves a row the queue reader drops, never a comment missing from the queue.
        await _data.Queue.AddAsync(comment, verdict.Status, cancellationToken);
        if (!await _data.Store.CreateAsync(comment, cancellationToken))
        {
            await _data.Queue.RemoveAsync(comment, verdict.Status, cancellationToken);
            return new SubmitResult(SubmitOutcome.Duplicate);
        }

        await _data.Authors.AddAsync(comment, cancellationToken);
        await flood.RecordAsync(floodKeys, cancellationToken);
        await audit.RecordAsync(new AuditEvent(CommenterActor, "submitted", entryId, comment.Id, ToStatus: comment.Status, Rule: verdict.Rule), cancellationToken);
        var approved = verdict.Status == CommentStatus.Approved;
        return new SubmitResult(SubmitOutcome.Accepted, comment.Id, approved ? comment.ToPublicComment() : null, token);
    }

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
