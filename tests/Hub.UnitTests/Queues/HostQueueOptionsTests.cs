using Azure.Storage.Queues;
using Hub.LocalHost.Content;
using Hub.LocalHost.Platform;
using Microsoft.Extensions.Configuration;

namespace Hub.UnitTests.Queues;

/// <summary>host.json's queue settings, read as the Functions host's queue extension reads them.</summary>
public sealed class HostQueueOptionsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings)
        => new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value))).Build();

    [Fact]
    public void Without_settings_the_host_defaults_apply()
    {
        var options = HostQueueOptions.From(new Dictionary<string, string>(), processorCount: 2);

        Assert.Equal(16, options.BatchSize);
        Assert.Equal(16, options.NewBatchThreshold); // batchSize / 2 × cores
        Assert.Equal(TimeSpan.FromMinutes(1), options.MaxPollingInterval);
        Assert.Equal(TimeSpan.Zero, options.VisibilityTimeout);
        Assert.Equal(5, options.MaxDequeueCount);
        Assert.Equal(QueueMessageEncoding.Base64, options.MessageEncoding);
    }

    [Fact]
    public void The_hub_host_json_polls_an_idle_queue_every_two_seconds_and_retries_after_five()
    {
        var options = HostQueueOptions.Read(Path.Combine(RepositoryLayout.FindRoot(), "host.json"), Settings());

        Assert.Equal(TimeSpan.FromSeconds(2), options.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.VisibilityTimeout);
        Assert.Equal(5, options.MaxDequeueCount);
        Assert.Equal(QueueMessageEncoding.Base64, options.MessageEncoding);
    }

    [Fact]
    public void An_app_setting_overrides_host_json_as_in_azure()
    {
        var options = HostQueueOptions.Read(
            Path.Combine(RepositoryLayout.FindRoot(), "host.json"),
            Settings(("AzureFunctionsJobHost:extensions:queues:visibilityTimeout", "00:00:00"), ("AzureFunctionsJobHost:extensions:queues:batchSize", "4")));

        Assert.Equal(TimeSpan.Zero, options.VisibilityTimeout);
        Assert.Equal(4, options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MaxPollingInterval);
    }

    [Theory]
    [InlineData("batchSize", "33")]
    [InlineData("batchSize", "0")]
    [InlineData("maxDequeueCount", "0")]
    [InlineData("maxPollingInterval", "00:00:00.050")]
    [InlineData("newBatchThreshold", "-1")]
    [InlineData("visibilityTimeout", "soon")]
    [InlineData("messageEncoding", "utf8")]
    public void A_setting_the_host_would_refuse_stops_start_up_naming_it(string name, string value)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => HostQueueOptions.From(new Dictionary<string, string> { [name] = value }, processorCount: 2));

        Assert.Contains($"extensions.queues.{name}", refused.Message, StringComparison.Ordinal);
    }
}
