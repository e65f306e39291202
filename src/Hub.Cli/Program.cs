using System.CommandLine;
using Hub.Cli;
using Microsoft.Extensions.Configuration;

var storage = new Option<string>("--storage")
{
    Description = "A storage connection string. Default: the AzureWebJobsStorage setting from the environment, else the local emulator.",
};
var file = new Argument<FileInfo>("file") { Description = "A JSON array of entries: each an id plus the fields of PUT /api/manage/resources/{id}." };
var import = new Command("import", "Create or replace entries from a JSON file. The whole file is checked first: a bad file changes nothing.")
{
    file,
    storage,
};
import.SetAction((parseResult, cancellationToken) =>
{
    var configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })
        .AddEnvironmentVariables()
        .AddInMemoryCollection(parseResult.GetValue(storage) is { } connection ? new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connection } : [])
        .Build();
    return ImportCommand.RunAsync(parseResult.GetValue(file)!, configuration, Console.Out, Console.Error, cancellationToken);
});

var root = new RootCommand("The Hub's maintenance tool.") { import };
return await root.Parse(args).InvokeAsync();
