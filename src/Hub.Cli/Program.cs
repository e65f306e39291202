using System.CommandLine;
using Hub.Cli;
using Hub.Core.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// The services: built once, by the command that runs, from the run's settings (see CliServices).
ServiceProvider? services = null;

var storage = new Option<string>("--storage")
{
    Description = "A storage connection string. Default: the AzureWebJobsStorage setting from the environment, else the local emulator.",
    Recursive = true,
};
var account = new Option<string>("--account")
{
    Description = "A storage account's name or address (https://NAME.table.core.windows.net), reached with your Azure sign-in (DefaultAzureCredential: az login, a managed identity) instead of a connection string.",
    Recursive = true,
};

var json = new Option<bool>("--json") { Description = "Print JSON, for scripts." };
var file = new Argument<FileInfo>("file") { Description = "A JSON array of entries (each an id plus the fields of PUT /api/manage/resources/{id}), or a WordPress export (WXR, from Tools → Export)." };
var import = new Command("import", "Create or replace entries from a JSON file, or bring in a WordPress blog's published posts and their comments. Running it again changes nothing.") { file, json };
import.SetAction((parseResult, cancellationToken) =>
    ImportCommand.RunAsync(parseResult.GetValue(file)!, parseResult.GetValue(json), Services(parseResult), Console.Out, Console.Error, cancellationToken));

var name = new Argument<string>("name") { Description = "The moderator's name, as the audit log shows it: lowercase letters, digits and hyphens." };
var newSecret = new Option<bool>("--new-secret") { Description = "The moderator exists: give them a new secret (the old one stops working at once)." };
var add = new Command("add", "Add a moderator and print their secret, once.") { name, newSecret };
add.SetAction((parseResult, cancellationToken) =>
    ModeratorsCommand.AddAsync(parseResult.GetValue(name)!, parseResult.GetValue(newSecret), Services(parseResult), Console.Out, Console.Error, cancellationToken));

var list = new Command("list", "List the moderators (never their secrets).") { json };
list.SetAction((parseResult, cancellationToken) =>
    ModeratorsCommand.ListAsync(parseResult.GetValue(json), Services(parseResult), Console.Out, Console.Error, cancellationToken));

var revoke = new Command("revoke", "Remove a moderator: their secret is refused from the next request on.") { name };
revoke.SetAction((parseResult, cancellationToken) =>
    ModeratorsCommand.RevokeAsync(parseResult.GetValue(name)!, Services(parseResult), Console.Out, Console.Error, cancellationToken));

var siteRoot = new Option<DirectoryInfo>("--site-root") { Description = "The site's own files to upload as well (static-web/). Default: pages only." };
var publicUrl = new Option<string>("--public-url") { Description = "The site's public address, for canonical and link-preview URLs. Default: the Hub__Site__PublicUrl setting." };
var apiUrl = new Option<string>("--api-url") { Description = "The API's origin, for the comment form and the pages' policy. Default: the Hub__Site__ApiUrl setting." };
var publish = new Command("publish", "Render every reader page (and upload the site's files) into the static website's $web container. Unchanged files are left alone.") { siteRoot, publicUrl, apiUrl };
publish.SetAction((parseResult, cancellationToken) =>
    PublishCommand.RunAsync(parseResult.GetValue(siteRoot), Services(parseResult, parseResult.GetValue(publicUrl), parseResult.GetValue(apiUrl)), Console.Out, Console.Error, cancellationToken));

var status = new Option<string>("--status") { Description = "Which tab of the queue.", DefaultValueFactory = _ => "pending" };
status.AcceptOnlyFromAmong("pending", "approved", "spam", "trash");
var limit = new Option<int>("--limit") { Description = $"Comments per page, 1 to {Hub.Core.Comments.Moderation.MaxPageSize}.", DefaultValueFactory = _ => Hub.Core.Comments.Moderation.DefaultPageSize };
var cursor = new Option<string>("--cursor") { Description = "Where the previous page ended, as it printed." };
var commentsList = new Command("list", "A page of the moderation queue, newest first, with the counts of every tab.") { status, limit, cursor, json };
commentsList.SetAction((parseResult, cancellationToken) =>
    CommentsCommand.ListAsync(Parse(parseResult.GetValue(status)!), parseResult.GetValue(limit), parseResult.GetValue(cursor), parseResult.GetValue(json), Services(parseResult), Console.Out, Console.Error, cancellationToken));
var target = new Argument<string>("comment") { Description = "ENTRY/COMMENT, as hub comments list prints it." };
var etag = new Option<string>("--etag") { Description = "The version you decided on, as listed: refused if the comment changed since. Default: the version read just before the change." };
var comments = new Command("comments", "The moderation queue from the terminal: the console's rules, versions and audit.") { commentsList };
foreach (var (verb, to, help) in new (string, Hub.Core.Comments.CommentStatus?, string)[]
{
    ("approve", Hub.Core.Comments.CommentStatus.Approved, "Approve a comment: it is public at once."),
    ("spam", Hub.Core.Comments.CommentStatus.Spam, "Mark a comment as spam."),
    ("trash", Hub.Core.Comments.CommentStatus.Trash, "Move a comment to the trash."),
    ("pending", Hub.Core.Comments.CommentStatus.Pending, "Hold a comment again (unapprove)."),
    ("restore", null, "Move a comment back to where it was before (out of spam or trash)."),
})
{
    var change = new Command(verb, help) { target, etag, json };
    change.SetAction((parseResult, cancellationToken) =>
        CommentsCommand.ChangeAsync(parseResult.GetValue(target)!, to, parseResult.GetValue(etag), parseResult.GetValue(json), Services(parseResult), Console.Out, Console.Error, cancellationToken));
    comments.Subcommands.Add(change);
}

var delete = new Command("delete", "Delete a comment in spam or trash for good.") { target, etag };
delete.SetAction((parseResult, cancellationToken) =>
    CommentsCommand.DeleteAsync(parseResult.GetValue(target)!, parseResult.GetValue(etag), Services(parseResult), Console.Out, Console.Error, cancellationToken));
comments.Subcommands.Add(delete);

var backupFile = new Argument<FileInfo>("file") { Description = "The backup file (JSON; see docs/operations.md, Backups)." };
var export = new Command("export", "Write entries, comments (every status and field), discussion rules, moderators (never their secrets) and the audit log to one file.") { backupFile };
export.SetAction((parseResult, cancellationToken) =>
    BackupCommands.ExportAsync(parseResult.GetValue(backupFile)!, Services(parseResult), Console.Out, Console.Error, cancellationToken));
var force = new Option<bool>("--force") { Description = "Restore even though the storage already holds a hub: the file's rows are written over any with the same keys." };
var restore = new Command("restore", "Load a file made by hub export into empty storage, rebuilding lists, counts and the moderation queue.") { backupFile, force };
restore.SetAction((parseResult, cancellationToken) =>
    BackupCommands.RestoreAsync(parseResult.GetValue(backupFile)!, parseResult.GetValue(force), Services(parseResult), Console.Out, Console.Error, cancellationToken));

var notificationsStatus = new Command("status", "How telling the moderators of held comments has gone: waiting, last sent, last failure.") { json };
notificationsStatus.SetAction((parseResult, cancellationToken) =>
    NotificationsCommand.StatusAsync(parseResult.GetValue(json), Services(parseResult), Console.Out, cancellationToken));
var notificationsSend = new Command("send", "Send the notices that are due now (the function app does it every minute).");
notificationsSend.SetAction((parseResult, cancellationToken) =>
    NotificationsCommand.SendAsync(Services(parseResult), Console.Out, cancellationToken));
var notifications = new Command("notifications", "Telling the moderators that comments are held (the webhook in the discussion settings).") { notificationsStatus, notificationsSend };

var followUpsStatus = new Command("status", "What follows the hub's changes (queue, counts, audit, pages): how many are open, and the messages that failed five times.") { json };
followUpsStatus.SetAction((parseResult, cancellationToken) =>
    FollowUpsCommand.StatusAsync(parseResult.GetValue(json), Services(parseResult), Console.Out, cancellationToken));
var followUps = new Command("follow-ups", "What follows each change, done by the function app off the request path.") { followUpsStatus };

var moderators = new Command("moderators", "The people who may moderate, each with a secret of their own.") { add, list, revoke };
var rebuild = new Command("rebuild", "Make the search index again from every entry in the Resources table, and write the snapshot new instances load.");
rebuild.SetAction((parseResult, cancellationToken) => SearchCommand.RebuildAsync(Services(parseResult), Console.Out, cancellationToken));
var search = new Command("search", "The reader search's index: derived from the entries, kept by their follow-ups.") { rebuild };

var root = new RootCommand("The Hub's maintenance tool.") { import, export, restore, comments, notifications, followUps, search, moderators, publish, storage, account };
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliSettingsException exception)
{
    // A wrong or misspelled Hub: setting (from the environment, or --public-url/--api-url): one line naming it.
    await Console.Error.WriteLineAsync($"Settings: {exception.Message}");
    return 2;
}
catch (Exception exception) when (StorageFailure(exception) is { } failure)
{
    // Storage that cannot be reached or signed in to: one line, not a stack trace.
    await Console.Error.WriteLineAsync($"Storage could not be used: {failure.Message.Split('\n')[0].Trim()} (see --storage and --account).");
    return 3;
}
finally
{
    if (services is not null)
    {
        await services.DisposeAsync();
    }
}

// The addresses hub publish is given are the Hub:Site settings for its run, checked as they are.
IServiceProvider Services(ParseResult parseResult, string? sitePublicUrl = null, string? siteApiUrl = null) => services ??= CliServices.Build(new ConfigurationBuilder()
    .AddConfiguration(Storage(parseResult))
    .AddInMemoryCollection(new Dictionary<string, string?> { [$"{HubSiteOptions.Section}:{nameof(HubSiteOptions.PublicUrl)}"] = sitePublicUrl, [$"{HubSiteOptions.Section}:{nameof(HubSiteOptions.ApiUrl)}"] = siteApiUrl }.Where(setting => setting.Value is not null))
    .Build());

IConfiguration Storage(ParseResult parseResult) => new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })
    .AddEnvironmentVariables()
    .AddInMemoryCollection(parseResult.GetValue(storage) is { } connection ? new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connection } : [])
    .AddInMemoryCollection(parseResult.GetValue(account) is { } name
        ? new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "", ["AzureWebJobsStorage:accountName"] = AccountName(name) }
        : [])
    .Build();

// The storage failure at the root of an exception (the SDK wraps its retries in an AggregateException), if that is what it is.
static Exception? StorageFailure(Exception exception) => exception switch
{
    AggregateException { InnerExceptions: [var first, ..] } => StorageFailure(first),
    Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException => exception,
    InvalidOperationException { Source: "Hub.Core" } => exception,
    _ => null,
};

// An account's name, also from its address (https://NAME.blob.core.windows.net, …).
static string AccountName(string account)
    => Uri.TryCreate(account, UriKind.Absolute, out var address) ? address.Host.Split('.')[0] : account;

static Hub.Core.Comments.CommentStatus Parse(string status)
    => Hub.Core.Comments.CommentStatuses.TryParse(status, out var parsed) ? parsed : Hub.Core.Comments.CommentStatus.Pending;
