using Hub.LocalHost;

await using var hub = await LocalHostApp.StartAsync(args);
Console.WriteLine($"The Hub is running. Site: {hub.SiteAddress}  API: {hub.ApiAddress}api/  Sign-in stand-ins (OpenID Connect, WordPress.com, GitHub, Facebook, X): {hub.SignInIssuerAddress}  (Ctrl+C stops it)");
await hub.WaitForShutdownAsync();
