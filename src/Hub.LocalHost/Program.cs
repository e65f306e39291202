using Hub.LocalHost;

await using var app = await LocalHostApp.BuildAsync(args);
await app.RunAsync();
