using Hub.Functions;
using Microsoft.Extensions.Hosting;

HubWorker.CreateBuilder(args).Build().Run();
