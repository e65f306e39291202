using System.Text.Json;
using Azure;
using Hub.Core.Comments;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Cli;

/// <summary>
/// <c>hub comments list|approve|spam|trash|restore|delete</c>: the moderation queue from a
/// terminal, under the same rules as the console: a change names the version it was decided on
/// (<c>--etag</c>, or the version read just before), and the audit log names who made it.
/// </summary>
public static class CommentsCommand
{
    public static Task<int> ListAsync(CommentStatus status, int limit, string? cursor, bool json, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        => WithModerationAsync(services, async moderation =>
        {
            string? after = null;
            if (cursor is not null && !Moderation.TryDecodeCursor(cursor, out after))
            {
                await error.WriteLineAsync("--cursor: not a cursor this tool printed.");
                return 2;
            }

            var page = await moderation.ListAsync(status, after, Math.Clamp(limit, 1, Moderation.MaxPageSize), cancellationToken);
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(page, CliJsonContext.Default.ModerationPage));
                return 0;
            }

            var counts = await moderation.CountAsync(cancellationToken);
            await output.WriteLineAsync($"{status.ToApi()}: {Count(counts, status)} (pending {counts.Pending}, approved {counts.Approved}, spam {counts.Spam}, trash {counts.Trash})");
            foreach (var comment in page.Items)
            {
                await output.WriteLineAsync($"{comment.EntryId}/{comment.Id}  {comment.CreatedAt:yyyy-MM-dd HH:mm}  {comment.AuthorName} {Who(comment)}  on \"{comment.EntryTitle}\"");
                await output.WriteLineAsync($"    {Excerpt(comment.Content)}");
                await output.WriteLineAsync($"    held because: {comment.HeldBecause}");
            }

            if (page.NextCursor is { } next)
            {
                await output.WriteLineAsync($"More: hub comments list --status {status.ToApi()} --cursor {next}");
            }

            return 0;
        });

    /// <summary>Moves a comment to <paramref name="to"/>, or back to where it came from when <paramref name="to"/> is null (restore).</summary>
    public static Task<int> ChangeAsync(string target, CommentStatus? to, string? etag, bool json, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        => WithCommentAsync(target, etag, services, error, async (moderation, comment, ifMatch) =>
        {
            var next = to ?? (CommentStatuses.TryParse(comment.PreviousStatus, out var previous) ? previous : CommentStatus.Pending);
            var result = await moderation.ChangeStatusAsync(comment.EntryId, comment.Id, next, ifMatch, ModeratorsCommand.Actor, cancellationToken);
            switch (result.Outcome)
            {
                case ModerationOutcome.Done:
                    await output.WriteLineAsync(json
                        ? JsonSerializer.Serialize(result.Comment!, CliJsonContext.Default.ModeratedComment)
                        : $"{target}: {comment.Status} -> {next.ToApi()} (etag {result.Comment!.Etag})");
                    if (!json)
                    {
                        await output.WriteLineAsync("The queue, its counts, the audit log and the entry's page follow from the function app within seconds.");
                    }

                    return 0;
                default:
                    return await FailedAsync(error, target, result.Outcome);
            }
        }, cancellationToken);

    public static Task<int> DeleteAsync(string target, string? etag, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        => WithCommentAsync(target, etag, services, error, async (moderation, comment, ifMatch) =>
        {
            var outcome = await moderation.DeleteAsync(comment.EntryId, comment.Id, ifMatch, ModeratorsCommand.Actor, cancellationToken);
            if (outcome != ModerationOutcome.Done)
            {
                return await FailedAsync(error, target, outcome);
            }

            await output.WriteLineAsync($"{target}: deleted for good.");
            return 0;
        }, cancellationToken);

    private static async Task<int> FailedAsync(TextWriter error, string target, ModerationOutcome outcome)
    {
        await error.WriteLineAsync(outcome switch
        {
            ModerationOutcome.NotFound => $"{target}: there is no such comment.",
            ModerationOutcome.PreconditionFailed => $"{target}: it changed since that version was read (by another moderator?). List it again and decide on what it is now.",
            ModerationOutcome.NotDeletable => $"{target}: only comments in spam or trash can be deleted for good. Move it to trash first.",
            _ => throw new InvalidOperationException($"Unhandled outcome {outcome}."),
        });
        return 1;
    }

    /// <summary>Reads the comment named <c>ENTRY/COMMENT</c>; the change then names <c>--etag</c>, or the version just read.</summary>
    private static Task<int> WithCommentAsync(
        string target, string? etag, IServiceProvider services, TextWriter error,
        Func<Moderation, ModeratedComment, ETag, Task<int>> act, CancellationToken cancellationToken)
        => WithModerationAsync(services, async moderation =>
        {
            if (target.Split('/') is not [var entryId, var commentId] || !Core.Entries.EntryIds.IsValid(entryId) || !CommentId.IsValid(commentId))
            {
                await error.WriteLineAsync($"'{target}' does not name a comment: write ENTRY/COMMENT, as hub comments list prints it.");
                return 2;
            }

            if (etag is not null && !(etag.Length > 2 && etag[0] == '"' && etag[^1] == '"'))
            {
                await error.WriteLineAsync("--etag: must be an etag as listed (a quoted string).");
                return 2;
            }

            if (await moderation.GetAsync(entryId, commentId, cancellationToken) is not { } comment)
            {
                return await FailedAsync(error, target, ModerationOutcome.NotFound);
            }

            return await act(moderation, comment, new ETag(etag ?? comment.Etag));
        });

    /// <summary>
    /// A change made here commits with the record of its follow-up and sends its message: the
    /// function app files it, counts it, audits it and renders the page, as for a change from the console.
    /// </summary>
    private static Task<int> WithModerationAsync(IServiceProvider services, Func<Moderation, Task<int>> run)
        => run(services.GetRequiredService<Moderation>());

    private static int Count(QueueCounts counts, CommentStatus status) => status switch
    {
        CommentStatus.Pending => counts.Pending,
        CommentStatus.Approved => counts.Approved,
        CommentStatus.Spam => counts.Spam,
        CommentStatus.Trash => counts.Trash,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>How the author is known: signed in with a provider, or by the email they gave.</summary>
    private static string Who(ModeratedComment comment)
        => comment.SignedInWith is { } provider ? $"(signed in with {provider})" : $"<{comment.AuthorEmail}>";

    private static string Excerpt(string content)
    {
        var line = content.ReplaceLineEndings(" ");
        return line.Length <= 100 ? line : line[..99] + "…";
    }
}
