using Hub.LocalHost;

await using var hub = await LocalHostApp.StartAsync(args);
Console.WriteLine($"The Hub is running. Site: {hub.SiteAddress}  API: {hub.ApiAddress}api/  Sign-in issuer: {hub.SignInIssuerAddress}  (Ctrl+C stops it)");
await hub.WaitForShutdownAsync();
