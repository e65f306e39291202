using System.Text.Json.Serialization;
using Hub.Core.Entries;
using Hub.Core.Validation;
using Hub.Functions.Http;
using Hub.Site.Rendering;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Entries;

/// <summary>
/// The console's Markdown preview, rendered by the one pipeline the pages use (<see cref="MarkdownText"/>),
/// so the console needs no renderer of its own and its CSP stays strict. Signed-in moderators only;
/// it reads nothing but the sign-in and writes nothing.
/// </summary>
public sealed class PreviewFunctions(ModeratorSignIn signIn)
{
    /// <summary>Room for the longest body (30,000 characters) even with every character escaped (\uXXXX), plus the kind.</summary>
    private const long MaxBodyBytes = 256 * 1024;

    [Function(nameof(PreviewMarkdown))]
    public Task<IResult> PreviewMarkdown(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/preview")] HttpRequest request)
        => signIn.RunAsync(request, async _ =>
        {
            var (preview, problem) = await JsonBody.ReadAsync(request, FunctionsJsonContext.Default.MarkdownPreviewRequest, MaxBodyBytes);
            if (problem is not null)
            {
                return problem;
            }

            var errors = new ValidationErrors();
            var markdown = preview!.Markdown?.TrimEnd();
            if (markdown is null)
            {
                errors.Add("markdown", "is required");
            }
            else
            {
                EntryDraftValidator.CheckBody(markdown, "markdown", errors);
            }

            var kind = preview.Kind ?? MarkdownPreviewRequest.Entry;
            if (kind is not (MarkdownPreviewRequest.Entry or MarkdownPreviewRequest.Comment))
            {
                errors.Add("kind", $"must be \"{MarkdownPreviewRequest.Entry}\" or \"{MarkdownPreviewRequest.Comment}\", or be left out for an entry");
            }

            if (!errors.IsEmpty)
            {
                return Problems.Validation(errors);
            }

            // Pages show such text as plain paragraphs; the preview says why, so the moderator can fix it.
            if ((kind == MarkdownPreviewRequest.Comment ? MarkdownText.TryComment(markdown!) : MarkdownText.TryEntry(markdown!)) is not { } html)
            {
                return Problems.Validation("markdown", "is nested too deeply to render: fewer quotes, lists, brackets or emphasis marks inside one another");
            }

            return TypedResults.Json(new MarkdownPreview(html), FunctionsJsonContext.Default.MarkdownPreview);
        });
}

/// <summary>Text to preview and how it will be shown: as an entry's body (the default) or as a comment. A member the hub does not know is refused.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MarkdownPreviewRequest(string? Markdown, string? Kind)
{
    public const string Entry = "entry";
    public const string Comment = "comment";
}

/// <summary>The text as the pages will show it: safe HTML from the pages' own renderer.</summary>
public sealed record MarkdownPreview(string Html);
