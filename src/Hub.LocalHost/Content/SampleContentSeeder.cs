using Hub.Core.Import;
using Hub.Core.Storage;

namespace Hub.LocalHost.Content;

/// <summary>On the first run, fills an empty entries table with the repository's sample content.</summary>
public sealed partial class SampleContentSeeder(EntryImporter importer, LocalHostOptions options, ILogger<SampleContentSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.SampleContentPath))
        {
            return;
        }

        try
        {
            var report = await importer.SeedIfEmptyAsync(options.SampleContentPath, cancellationToken);
            if (report is not null)
            {
                LogSeeded(logger, report.Created, options.SampleContentPath);
            }
        }
        catch (Exception exception) when (StorageFailure.IsUnavailable(exception))
        {
            LogStorageUnavailable(logger, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} sample entries from {Path}")]
    private static partial void LogSeeded(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is unavailable; sample content was not loaded")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception);
}
