using System.CommandLine;
using Hub.Cli;
using Microsoft.Extensions.Configuration;

var storage = new Option<string>("--storage")
{
    Description = "A storage connection string. Default: the AzureWebJobsStorage setting from the environment, else the local emulator.",
    Recursive = true,
};

var file = new Argument<FileInfo>("file") { Description = "A JSON array of entries: each an id plus the fields of PUT /api/manage/resources/{id}." };
var import = new Command("import", "Create or replace entries from a JSON file. The whole file is checked first: a bad file changes nothing.") { file };
import.SetAction((parseResult, cancellationToken) =>
    ImportCommand.RunAsync(parseResult.GetValue(file)!, Storage(parseResult), Console.Out, Console.Error, cancellationToken));

var name = new Argument<string>("name") { Description = "The moderator's name, as the audit log shows it: lowercase letters, digits and hyphens." };
var newSecret = new Option<bool>("--new-secret") { Description = "The moderator exists: give them a new secret (the old one stops working at once)." };
var add = new Command("add", "Add a moderator and print their secret, once.") { name, newSecret };
add.SetAction((parseResult, cancellationToken) =>
    ModeratorsCommand.AddAsync(parseResult.GetValue(name)!, parseResult.GetValue(newSecret), Storage(parseResult), Console.Out, Console.Error, cancellationToken));

var json = new Option<bool>("--json") { Description = "Print JSON, for scripts." };
var list = new Command("list", "List the moderators (never their secrets).") { json };
list.SetAction((parseResult, cancellationToken) =>
    ModeratorsCommand.ListAsync(parseResult.GetValue(json), Storage(parseResult), Console.Out, Console.Error, cancellationToken));

var revoke = new Command("revoke", "Remove a moderator: their secret is refused from the next request on.") { name };
revoke.SetAction((parseResult, cancellationToken) =>
    ModeratorsCommand.RevokeAsync(parseResult.GetValue(name)!, Storage(parseResult), Console.Out, Console.Error, cancellationToken));

var siteRoot = new Option<DirectoryInfo>("--site-root") { Description = "The site's own files to upload as well (static-web/). Default: pages only." };
var publicUrl = new Option<string>("--public-url") { Description = "The site's public address, for canonical and link-preview URLs. Default: the Hub__Site__PublicUrl setting." };
var apiUrl = new Option<string>("--api-url") { Description = "The API's origin, for the comment form and the pages' policy. Default: the Hub__Site__ApiUrl setting." };
var publish = new Command("publish", "Render every reader page (and upload the site's files) into the static website's $web container. Unchanged files are left alone.") { siteRoot, publicUrl, apiUrl };
publish.SetAction((parseResult, cancellationToken) =>
    PublishCommand.RunAsync(parseResult.GetValue(siteRoot), parseResult.GetValue(publicUrl), parseResult.GetValue(apiUrl), Storage(parseResult), Console.Out, Console.Error, cancellationToken));

var moderators = new Command("moderators", "The people who may moderate, each with a secret of their own.") { add, list, revoke };
var root = new RootCommand("The Hub's maintenance tool.") { import, moderators, publish, storage };
return await root.Parse(args).InvokeAsync();

IConfiguration Storage(ParseResult parseResult) => new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })
    .AddEnvironmentVariables()
    .AddInMemoryCollection(parseResult.GetValue(storage) is { } connection ? new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connection } : [])
    .Build();
